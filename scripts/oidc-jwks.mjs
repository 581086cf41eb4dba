// A new JWKS for OIDC_JWKS (one RS256 signing key, private): the keys that
// sign the ID tokens Sésame gives applications (lib/oidc/keys.ts).
//   OIDC_JWKS="$(node scripts/oidc-jwks.mjs)"
// The test and bench servers, which run in production mode, import newJwks().
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";

export function newJwks() {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" });
  return { keys: [{ ...jwk, kid: randomUUID(), use: "sig", alg: "RS256" }] };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(newJwks())}\n`);
}
