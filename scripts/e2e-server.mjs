// Builds the app and serves it for the end-to-end tests, on a fresh embedded
// database. Settings are those of a development machine, except the rate
// limits, raised because every test comes from one IP address, and the
// breached-password range API, which is a stand-in on loopback
// (scripts/pwned-passwords-stand-in.mjs) on a free port: the specs find its
// control routes through PWNED_STAND_IN_FILE.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { pwnedPasswordsStandIn } from "./pwned-passwords-stand-in.mjs";
import { newJwks } from "./oidc-jwks.mjs";

const port = process.argv[2] ?? "3100";
const dataDir = ".data/e2e";
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
const pwned = pwnedPasswordsStandIn();
const pwnedUrl = await pwned.listen();
writeFileSync(`${dataDir}/pwned-passwords.json`, JSON.stringify({ url: pwnedUrl }));

// Sign in with Sésame (e2e/oidc.spec.ts, which reads the addresses from
// oidc.json): two applications whose callback is a plain page on loopback (the
// spec hands its URL to openid-client), and a back-channel logout receiver
// there that keeps what it is sent, for the spec to read at GET /received. On
// a free port: every port of E2E_PORT's range belongs to a stage (the pair
// stage's PgBouncer listens on +9).
/** @type {{ at: string, body: string }[]} */
const logouts = [];
const receiver = createServer((request, response) => {
  if (request.method === "POST" && request.url === "/backchannel") {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      logouts.push({ at: new Date().toISOString(), body });
      response.writeHead(200).end();
    });
    return;
  }
  if (request.method === "GET" && request.url?.startsWith("/callback")) {
    response.writeHead(200, { "content-type": "text/plain" }).end("application\n");
    return;
  }
  if (request.method === "GET" && request.url === "/received") {
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(logouts));
    return;
  }
  response.writeHead(404).end();
});
await new Promise((resolve) => receiver.listen(0, "127.0.0.1", () => resolve(undefined)));
const backchannelPort = /** @type {import("node:net").AddressInfo} */ (receiver.address()).port;
const rpCallback = `http://127.0.0.1:${backchannelPort}/callback`;
writeFileSync(`${dataDir}/oidc.json`, JSON.stringify({ callback: rpCallback, received: `http://127.0.0.1:${backchannelPort}/received` }));
const oidcClients = [
  {
    client_id: "e2e-forum",
    client_name: "Le Forum E2E",
    redirect_uris: [rpCallback],
    post_logout_redirect_uris: [`${rpCallback}/logged-out`],
    backchannel_logout_uri: `http://127.0.0.1:${backchannelPort}/backchannel`,
  },
  {
    client_id: "e2e-shop",
    client_name: "La Boutique E2E",
    client_secret: "e2e-shop-secret-e2e-shop-secret-e2e-shop-secret",
    redirect_uris: [rpCallback],
    first_party: true,
  },
];

const env = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATA_DIR: dataDir,
  DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
  MAIL_TRANSPORT: "outbox",
  AUTH_SECRET: "e2e-only-secret-e2e-only-secret-e2e-only",
  APP_URL: `http://localhost:${port}`,
  MAIL_POLL_MS: "200",
  PWNED_PASSWORDS_URL: pwnedUrl,
  METRICS_TOKEN: "e2e-metrics-token-e2e-metrics-token",
  // The user factory (POST /api/test/users), for tests whose subject is not sign-up or the lockout.
  TEST_USER_FACTORY: "1",
  RATE_LIMIT_SIGNIN_PER_IP: "10000",
  RATE_LIMIT_SIGNUP_PER_IP: "10000",
  RATE_LIMIT_EMAIL_PER_IP: "10000",
  // Every /connexion a test opens asks for a passkey challenge (autofill).
  RATE_LIMIT_PASSKEY_SIGNIN_PER_IP: "10000",
  RATE_LIMIT_SIGNIN_PER_ACCOUNT: process.env.RATE_LIMIT_SIGNIN_PER_ACCOUNT ?? "1000",
  RATE_LIMIT_EMAIL_PER_ADDRESS: process.env.RATE_LIMIT_EMAIL_PER_ADDRESS ?? "1000",
  OIDC_JWKS: JSON.stringify(newJwks()),
  OIDC_CLIENTS: JSON.stringify(oidcClients),
  // The support agent of e2e/support.spec.ts.
  SUPPORT_STAFF: "supportagent@example.test",
};

if (process.env.E2E_SKIP_BUILD !== "1") {
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawn(process.execPath, ["server/index.mjs", "--port", port], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", async (code) => {
  await pwned.close();
  receiver.close();
  process.exit(code ?? 0);
});
