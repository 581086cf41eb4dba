// npm run bench — measures what a sign-in costs beyond the password hash,
// how long pages take, what the browser downloads, and the server's memory.
// Builds and starts the app on PostgreSQL (BENCH_DATABASE_URL, default the
// local server) or, with --pglite, on the embedded database. Prints a table
// and writes bench/results/latest.json. `npm test` runs it at
// BENCH_SCALE=0.02 (scripts/smoke.mjs), to prove it works, not to measure.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { hashPassword, verifyPassword } from "@/lib/auth/password-hash";
import { seedConfirmedUsers } from "@/lib/auth/seed-users";
import { closeDatabase } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrate";
import { resetEnvForTests } from "@/lib/env";
import { Client, median, percentile, scaled } from "./http";
import { createDatabase as dbCreate, dropDatabase, residentMb, serverEnv as benchServerEnv, waitForServer as waitFor } from "./server";

const usePglite = process.argv.includes("--pglite");
const port = Number(process.env.BENCH_PORT ?? 3200);
const base = `http://127.0.0.1:${port}`;
const PASSWORD = "Bench-Givre-Tulipe-2026";
const USERS = 400;
const cores = cpus().length;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

const createDatabase = async () => (usePglite ? undefined : dbCreate("sesame_bench"));

// One machine plays every client: limits would only measure themselves.
const serverEnv = (databaseUrl: string | undefined, dataDir: string) =>
  benchServerEnv(base, databaseUrl, dataDir, {
    RATE_LIMIT_SIGNIN_PER_IP: "1000000",
    RATE_LIMIT_SIGNIN_PER_ACCOUNT: "1000000",
    RATE_LIMIT_EMAIL_PER_IP: "1000000",
    RATE_LIMIT_EMAIL_PER_ADDRESS: "1000000",
    LOCKOUT_MAX_ATTEMPTS: "1000000",
  });

async function runConcurrent(concurrency: number, total: number, task: (index: number) => Promise<number>) {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        times.push(await task(index));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { times, throughput: total / seconds };
}

async function resetRequestMs(email: string): Promise<number> {
  const { ms, status, markup } = await new Client(base).requestReset(email);
  if (!markup.includes("Si votre adresse email est enregistrée")) throw new Error(`reset request failed: ${status}`);
  return ms;
}

async function javascriptBytes(pathname: string) {
  const browser = await chromium.launch({
    executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  const page = await browser.newPage();
  const scripts = new Map<string, Promise<number>>();
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    scripts.set(
      response.url(),
      response.body().then(
        (body) => gzipSync(body).length,
        () => 0,
      ),
    );
  });
  const total = async () => (await Promise.all(scripts.values())).reduce((a, b) => a + b, 0);
  await page.goto(`${base}${pathname}`, { waitUntil: "load" });
  const firstVisit = await total();
  await page.waitForLoadState("networkidle");
  // The password dictionaries load once the user starts filling the form in.
  await page.locator("main input:not([type=hidden])").first().focus();
  await page.waitForTimeout(3000);
  const afterFocus = await total();
  await browser.close();
  return { firstVisitKb: round(firstVisit / 1024), afterFocusKb: round(afterFocus / 1024) };
}

function lighthouse(pathname: string): { performance: number; accessibility: number } | { error: string } {
  const output = path.join("bench", "results", `lighthouse${pathname.replaceAll("/", "-")}.json`);
  const run = spawnSync(
    "npx",
    [
      "--yes",
      "lighthouse@12.8.2",
      `${base}${pathname}`,
      "--quiet",
      "--output=json",
      `--output-path=${output}`,
      "--only-categories=performance,accessibility",
      "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update",
    ],
    {
      env: { ...process.env, CHROME_PATH: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : process.env.CHROME_PATH },
      encoding: "utf8",
      timeout: 240_000,
    },
  );
  if (run.status !== 0 || !existsSync(output)) return { error: (run.stderr || run.stdout || "lighthouse failed").slice(-300) };
  const report = JSON.parse(readFileSync(output, "utf8"));
  return {
    performance: Math.round(report.categories.performance.score * 100),
    accessibility: Math.round(report.categories.accessibility.score * 100),
  };
}

async function main() {
  mkdirSync("bench/results", { recursive: true });
  if (!process.env.BENCH_SKIP_BUILD) {
    console.log("building…");
    const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: serverEnv(undefined, ".data/bench") });
    if (build.status !== 0) throw new Error("build failed");
  }

  const databaseUrl = await createDatabase();
  const dataDir = ".data/bench";
  rmSync(dataDir, { recursive: true, force: true });
  Object.assign(process.env, { DATABASE_URL: databaseUrl ?? "", DATA_DIR: dataDir, NODE_ENV: "development" });
  resetEnvForTests();
  await migrateDatabase();
  await seedConfirmedUsers({ count: USERS, password: PASSWORD, prefix: "bench" });
  await closeDatabase();

  // 1. argon2id verify alone, in this process, same parameters.
  const stored = await hashPassword(PASSWORD);
  const verifyTimes: number[] = [];
  for (let index = 0; index < scaled(60, 12); index++) {
    const started = performance.now();
    await verifyPassword(stored, PASSWORD);
    verifyTimes.push(performance.now() - started);
  }
  const verifyP50 = median(verifyTimes.slice(10));

  console.log(`starting the server on ${usePglite ? "PGlite" : "PostgreSQL"}…`);
  const server: ChildProcess = spawn(process.execPath, ["server/index.mjs", "--port", String(port)], {
    env: serverEnv(databaseUrl, dataDir),
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitFor(base);
    const rssStart = residentMb(server.pid!);

    // Warm-up: JIT, connection pool, first renders.
    for (let index = 0; index < scaled(20); index++) await new Client(base).signIn(`bench${(index % USERS) + 1}`, PASSWORD);
    for (let index = 0; index < scaled(20); index++) await fetch(`${base}/connexion`).then((r) => r.arrayBuffer());

    // 2. Successful sign-ins at 1, 2 and 8 concurrent clients.
    const signIns: Record<string, { p50: number; p95: number; p99: number; throughput: number }> = {};
    for (const [concurrency, total] of [
      [1, scaled(150)],
      [2, scaled(200)],
      [8, scaled(300, 8)],
    ] as const) {
      const { times, throughput } = await runConcurrent(concurrency, total, async (index) => {
        const result = await new Client(base).signIn(`bench${(index % USERS) + 1}`, PASSWORD);
        if (!result.ok) throw new Error(`sign-in failed: ${result.location}`);
        return result.ms;
      });
      signIns[`c${concurrency}`] = {
        p50: round(percentile(times, 50)),
        p95: round(percentile(times, 95)),
        p99: round(percentile(times, 99)),
        throughput: round(throughput),
      };
    }

    // 3. Timing differences an attacker could measure (interleaved; sign-in medians of 300, reset of 200).
    const wrongKnown: number[] = [];
    const unknown: number[] = [];
    for (let index = 0; index < scaled(300); index++) {
      wrongKnown.push((await new Client(base).signIn(`bench${(index % USERS) + 1}`, "Wrong-Password-123")).ms);
      unknown.push((await new Client(base).signIn(`nobody${index}@example.test`, "Wrong-Password-123")).ms);
    }
    const resetKnown: number[] = [];
    const resetUnknown: number[] = [];
    for (let index = 0; index < scaled(200); index++) {
      resetKnown.push(await resetRequestMs(`bench${(index % USERS) + 1}@example.test`));
      resetUnknown.push(await resetRequestMs(`nobody${index}@example.test`));
    }

    // 4. Pages: server time at 8 concurrent clients, and what a first visit downloads.
    const pages: Record<string, { p95: number; firstVisitJsKb: number; afterFocusJsKb: number }> = {};
    for (const pathname of ["/connexion", "/inscription", "/aide"]) {
      const { times } = await runConcurrent(8, scaled(400, 8), async () => {
        const started = performance.now();
        const response = await fetch(`${base}${pathname}`);
        await response.arrayBuffer();
        return performance.now() - started;
      });
      const js = await javascriptBytes(pathname);
      pages[pathname] = { p95: round(percentile(times, 95)), firstVisitJsKb: js.firstVisitKb, afterFocusJsKb: js.afterFocusKb };
    }

    // 5. Lighthouse (skipped with --no-lighthouse).
    const scores: Record<string, unknown> = {};
    if (!process.argv.includes("--no-lighthouse")) {
      for (const pathname of ["/connexion", "/inscription", "/aide"]) scores[pathname] = lighthouse(pathname);
    }

    // 6. Memory after the run.
    const rssEnd = residentMb(server.pid!);

    const overhead = signIns.c1!.p50 - verifyP50;
    const hashBound = cores / (verifyP50 / 1000);
    const results = {
      date: new Date().toISOString(),
      database: usePglite ? "pglite" : "postgresql",
      cores,
      argon2idVerifyP50Ms: round(verifyP50),
      signIn: signIns,
      overheadMs: round(overhead),
      efficiency: round(signIns.c8!.throughput / hashBound, 2),
      hashBoundPerSecond: round(hashBound),
      timing: {
        wrongPasswordKnownMs: round(median(wrongKnown)),
        unknownIdentifierMs: round(median(unknown)),
        signInDifferenceMs: round(Math.abs(median(wrongKnown) - median(unknown)), 2),
        resetKnownMs: round(median(resetKnown)),
        resetUnknownMs: round(median(resetUnknown)),
        resetDifferenceMs: round(Math.abs(median(resetKnown) - median(resetUnknown)), 2),
      },
      pages,
      lighthouse: scores,
      serverRssMb: { start: round(rssStart), end: round(rssEnd) },
    };
    writeFileSync("bench/results/latest.json", `${JSON.stringify(results, null, 2)}\n`);

    const target = (ok: boolean) => (ok ? "met" : "MISSED");
    console.log(`\nSésame benchmark — ${results.database}, ${cores} cores\n`);
    console.table({
      "argon2id verify p50 (ms)": { value: results.argon2idVerifyP50Ms, target: "" },
      ...Object.fromEntries(
        Object.entries(signIns).map(([key, value]) => [
          `sign-in ${key} p50/p95/p99 (ms), req/s`,
          { value: `${value.p50} / ${value.p95} / ${value.p99}, ${value.throughput}/s`, target: "" },
        ]),
      ),
      "overhead = sign-in p50 (c1) - verify p50 (ms)": { value: results.overheadMs, target: `≤ 10: ${target(results.overheadMs <= 10)}` },
      "efficiency = throughput c8 / (cores / verify)": { value: results.efficiency, target: `≥ 0.8: ${target(results.efficiency >= 0.8)}` },
      "wrong password vs unknown identifier (ms)": {
        value: `${results.timing.wrongPasswordKnownMs} vs ${results.timing.unknownIdentifierMs} (Δ ${results.timing.signInDifferenceMs})`,
        target: `≤ 3: ${target(results.timing.signInDifferenceMs <= 3)}`,
      },
      "reset request known vs unknown (ms)": {
        value: `${results.timing.resetKnownMs} vs ${results.timing.resetUnknownMs} (Δ ${results.timing.resetDifferenceMs})`,
        target: `≤ 3: ${target(results.timing.resetDifferenceMs <= 3)}`,
      },
      ...Object.fromEntries(
        Object.entries(pages).map(([pathname, value]) => [
          `${pathname}: p95 at c8 (ms), first-visit JS gz (kB), after focusing a field`,
          {
            value: `${value.p95} ms, ${value.firstVisitJsKb} kB, ${value.afterFocusJsKb} kB`,
            target: `p95 ≤ 50: ${target(value.p95 <= 50)}; JS ≤ 120: ${target(value.firstVisitJsKb <= 120)}`,
          },
        ]),
      ),
      ...Object.fromEntries(
        Object.entries(scores).map(([pathname, value]) => [
          `lighthouse ${pathname} perf/a11y`,
          "error" in (value as object)
            ? { value: "not measured", target: String((value as { error: string }).error).slice(0, 80) }
            : {
                value: `${(value as { performance: number }).performance} / ${(value as { accessibility: number }).accessibility}`,
                target: `≥ 95 / 100: ${target((value as { performance: number }).performance >= 95 && (value as { accessibility: number }).accessibility === 100)}`,
              },
        ]),
      ),
      "server RSS start / end (MB)": { value: `${results.serverRssMb.start} / ${results.serverRssMb.end}`, target: "" },
    });
    console.log("written to bench/results/latest.json");
  } finally {
    server.kill("SIGTERM");
    await dropDatabase(databaseUrl);
    for (const file of readdirSync("bench/results")) if (file.startsWith("lighthouse-")) rmSync(path.join("bench/results", file));
  }
}

await main();
