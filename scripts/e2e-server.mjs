// Builds the app and serves it for the end-to-end tests, on a fresh embedded
// database. Settings are those of a development machine, except the rate
// limits, raised because every test comes from one IP address, and the
// breached-password range API, which is a stand-in on loopback
// (scripts/pwned-passwords-stand-in.mjs) on a free port: the specs find its
// control routes through PWNED_STAND_IN_FILE.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { pwnedPasswordsStandIn } from "./pwned-passwords-stand-in.mjs";

const port = process.argv[2] ?? "3100";
const dataDir = ".data/e2e";
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
const pwned = pwnedPasswordsStandIn();
const pwnedUrl = await pwned.listen();
writeFileSync(`${dataDir}/pwned-passwords.json`, JSON.stringify({ url: pwnedUrl }));

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
  process.exit(code ?? 0);
});
