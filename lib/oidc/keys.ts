import "server-only";
import { generateKeyPairSync, hkdfSync, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { JWK } from "oidc-provider";
import { env, isProduction } from "@/lib/env";
import { authSecret } from "@/lib/auth-secret";
import { log } from "@/lib/observability/log";

// The keys that sign ID tokens, and those that sign the provider's cookies.
// Production must set OIDC_JWKS (as it must set AUTH_SECRET): every instance
// signs with the same keys, and a restart does not invalidate the tokens
// applications hold. In development and tests one RS256 key is generated once
// into DATA_DIR. The cookie keys are derived from AUTH_SECRET, so there is no
// second secret to share between instances.

export type Jwks = { keys: JWK[] };

const GENERATE_HINT = "Generate one with: node scripts/oidc-jwks.mjs";

/** A JWKS holding at least one private RSA signing key (RS256 is what every client can verify). */
export function parseJwks(text: string): Jwks {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`OIDC_JWKS is not JSON. ${GENERATE_HINT}`);
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error(`OIDC_JWKS must be {"keys": [...]}. ${GENERATE_HINT}`);
  const usable = keys.some((key: JWK) => key && key.kty === "RSA" && typeof key.d === "string");
  if (!usable) throw new Error(`OIDC_JWKS must hold a private RSA key (RS256). ${GENERATE_HINT}`);
  return { keys: keys as JWK[] };
}

/** A new JWKS with one RS256 signing key. */
export function generateJwks(): Jwks {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" }) as JWK;
  return { keys: [{ ...jwk, kid: randomUUID(), use: "sig", alg: "RS256" }] };
}

let cached: Jwks | undefined;

export function oidcJwks(): Jwks {
  if (cached) return cached;
  const { OIDC_JWKS, DATA_DIR } = env();
  if (OIDC_JWKS) return (cached = parseJwks(OIDC_JWKS));
  if (isProduction()) throw new Error(`OIDC_JWKS is required in production (the keys that sign ID tokens). ${GENERATE_HINT}`);
  const dir = DATA_DIR.startsWith("memory://") ? path.resolve(".data") : path.resolve(DATA_DIR);
  const file = path.join(dir, "oidc-jwks.json");
  try {
    cached = parseJwks(readFileSync(file, "utf8"));
  } catch {
    mkdirSync(dir, { recursive: true });
    try {
      // "wx": when two processes start at once, the second reads the first's keys.
      writeFileSync(file, JSON.stringify(generateJwks()), { mode: 0o600, flag: "wx" });
      log().info({ event: "oidc.keys_generated", file }, "generated development OIDC signing keys");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    cached = parseJwks(readFileSync(file, "utf8"));
  }
  return cached;
}

/** The provider's cookie keys, derived from AUTH_SECRET (HKDF, its own label): no second secret to deploy. */
export function oidcCookieKeys(): string[] {
  const key = hkdfSync("sha256", authSecret(), "", "sesame oidc-provider cookies", 32);
  return [Buffer.from(key).toString("base64url")];
}

export function resetOidcKeysForTests(): void {
  cached = undefined;
}
