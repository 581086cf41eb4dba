// A short run of every command README.md documents that the rest of
// `npm test` does not already run, so that none of them breaks unnoticed
// (`npm run load` once did when the pages moved behind the proxy's rewrite).
// Runs after the end-to-end suite and reuses its production build. Each
// benchmark runs at BENCH_SCALE=0.02: it proves the command works, it
// measures nothing. The PostgreSQL ones need TEST_DATABASE_URL.
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { newJwks } from "./oidc-jwks.mjs";

const postgres = process.env.TEST_DATABASE_URL;
// Ports beside the end-to-end ones (E2E_PORT), so that two checkouts can run side by side.
const port = Number(process.env.E2E_PORT ?? 3100) + 250;
const failures = [];
// Every command below inherits it: none may reach the breached-password range API on the internet.
process.env.PWNED_PASSWORDS = "off";

function npm(label, args, env = {}, timeoutSeconds = 300) {
  const started = Date.now();
  const outcome = spawnSync("npm", ["run", "--silent", ...args], {
    stdio: "inherit",
    env: { ...process.env, ...env },
    timeout: timeoutSeconds * 1000,
  });
  const ok = outcome.status === 0;
  console.log(
    `[smoke] ${label}: ${ok ? "ok" : `FAILED (exit ${outcome.status ?? outcome.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
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

npm("npm run generate", ["generate"]);
npm("npm run db:migrate", ["db:migrate"], embedded);
npm("npm run db:seed-users", ["db:seed-users", "--", "--count", "3", "--password", "Smoke-Givre-Tulipe-1", "--prefix", "smoke"], embedded);
npm("npm run bench:password", ["bench:password"], { BENCH_SCALE: "0.02" });
npm("npm run bench:mail", ["bench:mail"], { BENCH_SCALE: "0.1" });

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

if (postgres) {
  const bench = {
    BENCH_SKIP_BUILD: "1",
    BENCH_SCALE: "0.02",
    BENCH_DATABASE_URL: postgres,
    BENCH_PORT: String(port + 2),
    LOAD_PORT: String(port + 3),
  };
  npm("npm run bench", ["bench", "--", "--no-lighthouse"], bench, 600);
  npm("npm run bench -- --profile", ["bench", "--", "--profile"], bench, 600);
  npm("npm run load", ["load"], { ...bench, LOAD_SECONDS: "5", LOAD_CONNECTIONS: "4" }, 600);
  // Its "on" server reaches only its own stand-in on loopback.
  npm("npm run bench:breach", ["bench:breach"], bench, 600);
} else {
  console.log("[smoke] npm run bench (and --profile), npm run load: skipped (they need TEST_DATABASE_URL)");
}

// Last: the development server compiles into .next/dev, beside the production build.
await serves(
  "npm run dev",
  ["dev", "--", "--port", String(port + 1)],
  port + 1,
  { DATA_DIR: `${scratch}/dev`, DATABASE_URL: "", NODE_ENV: undefined },
  ["/connexion", "/dev/mailbox"],
);

rmSync(scratch, { recursive: true, force: true });
if (failures.length) {
  console.log(`[smoke] failed: ${failures.join(", ")}`);
  process.exit(1);
}
