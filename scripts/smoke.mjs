// A short run of every command README.md documents that the rest of
// `npm test` does not already run, so that none of them breaks unnoticed
// (`npm run load` once did when the pages moved behind the proxy's rewrite).
// Runs after the end-to-end suite and reuses its production build. Each
// benchmark runs at BENCH_SCALE=0.02: it proves the command works, it
// measures nothing. The PostgreSQL ones need TEST_DATABASE_URL.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { newJwks } from "./oidc-jwks.mjs";

const postgres = process.env.TEST_DATABASE_URL;
// Ports beside the end-to-end ones (E2E_PORT), so that two checkouts can run side by side.
const port = Number(process.env.E2E_PORT ?? 3100) + 250;
const failures = [];
// Every command below inherits it: none may reach the breached-password range API on the internet.
process.env.PWNED_PASSWORDS = "off";

/** Runs `npm run …` to its end (at most `timeoutSeconds`), noting a failure. */
async function npm(label, args, env = {}, timeoutSeconds = 300) {
  const started = Date.now();
  const child = spawn("npm", ["run", "--silent", ...args], { stdio: "inherit", env: { ...process.env, ...env }, detached: true });
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }, timeoutSeconds * 1000);
  const [status, signal] = await new Promise((resolve) => child.once("exit", (code, sig) => resolve([code, sig])));
  clearTimeout(timer);
  const ok = status === 0;
  console.log(`[smoke] ${label}: ${ok ? "ok" : `FAILED (exit ${status ?? signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (!ok) failures.push(label);
}

/** Starts a long-running command, waits for its pages to answer, then stops it with SIGTERM. */
async function serves(label, args, port, env, paths, timeoutSeconds = 180) {
  const started = Date.now();
  const child = spawn("npm", ["run", "--silent", ...args], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, ...env },
    detached: true,
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let problem = null;
  try {
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (const path of paths) {
      for (;;) {
        const status = await fetch(`http://localhost:${port}${path}`, { redirect: "manual" }).then(
          (response) => response.status,
          () => 0,
        );
        if (status === 200) break;
        if (status !== 0 && status !== 404) {
          problem = `${path} answered ${status}`;
          break;
        }
        if (Date.now() > deadline) {
          problem = `${path} did not answer within ${timeoutSeconds} s`;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      if (problem) break;
    }
  } finally {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  }
  console.log(`[smoke] ${label}: ${problem ? `FAILED (${problem})` : "ok"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (problem) failures.push(label);
}

const scratch = ".data/smoke";
rmSync(scratch, { recursive: true, force: true });
const embedded = { DATA_DIR: `${scratch}/cli`, DATABASE_URL: "", NODE_ENV: "development" };

// First and alone: it writes the registries that the servers below read.
await npm("npm run generate", ["generate"]);

// Two lanes side by side, each of its own ports, databases and data directories:
// every command here keeps at most about one core busy, and one after another they took three minutes.
const local = async () => {
  await npm("npm run db:migrate", ["db:migrate"], embedded);
  await npm(
    "npm run db:seed-users",
    ["db:seed-users", "--", "--count", "3", "--password", "Smoke-Givre-Tulipe-1", "--prefix", "smoke"],
    embedded,
  );
  await npm("npm run bench:password", ["bench:password"], { BENCH_SCALE: "0.02" });
  await npm("npm run bench:mail", ["bench:mail"], { BENCH_SCALE: "0.1" });
  await serves(
    "npm start",
    ["start", "--", "--port", String(port)],
    port,
    {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATA_DIR: `${scratch}/start`,
      DATABASE_URL: "",
      AUTH_SECRET: "smoke-only-secret-smoke-only-secret-0123",
      OIDC_JWKS: JSON.stringify(newJwks()),
      APP_URL: `http://localhost:${port}`,
      MAIL_TRANSPORT: "outbox",
    },
    ["/connexion", "/aide"],
  );
  // The development server compiles into .next/dev, beside the production build the others serve.
  await serves(
    "npm run dev",
    ["dev", "--", "--port", String(port + 1)],
    port + 1,
    { DATA_DIR: `${scratch}/dev`, DATABASE_URL: "", NODE_ENV: undefined },
    ["/connexion", "/dev/mailbox"],
  );
};

const onPostgres = async () => {
  if (!postgres) {
    console.log("[smoke] npm run bench (and --profile), npm run load, npm run bench:breach: skipped (they need TEST_DATABASE_URL)");
    return;
  }
  const bench = {
    BENCH_SKIP_BUILD: "1",
    BENCH_SCALE: "0.02",
    BENCH_DATABASE_URL: postgres,
    BENCH_PORT: String(port + 2),
    LOAD_PORT: String(port + 3),
  };
  await npm("npm run bench", ["bench", "--", "--no-lighthouse"], bench, 600);
  await npm("npm run bench -- --profile", ["bench", "--", "--profile"], bench, 600);
  await npm("npm run load", ["load"], { ...bench, LOAD_SECONDS: "5", LOAD_CONNECTIONS: "4" }, 600);
  // Its "on" server reaches only its own stand-in on loopback.
  await npm("npm run bench:breach", ["bench:breach"], bench, 600);
};

await Promise.all([local(), onPostgres()]);

rmSync(scratch, { recursive: true, force: true });
if (failures.length) {
  console.log(`[smoke] failed: ${failures.join(", ")}`);
  process.exit(1);
}
