import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// End-to-end tests run against a production build (next build + npm start)
// on a fresh embedded database, with emails kept in the outbox and read
// through /api/dev/mailbox. Debian's chromium is used when present (this
// machine cannot download Playwright's own browsers).

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${port}`;
// The hostile suites (bad input, faults, secrets) need PostgreSQL: they read
// the database directly and cut it on purpose. They run when TEST_DATABASE_URL is set.
const hostile = Boolean(process.env.TEST_DATABASE_URL);
export const hostileURL = `http://localhost:${port + 1}`;
// The two-instance suite (e2e/pair), on PostgreSQL too: instances A and B of the same build, on ports +5 and +6
// (the hostile stage holds +1..+4; the pair stage's control, Resend and PgBouncer take +7..+9).
export const pairURLs = { a: `http://localhost:${port + 5}`, b: `http://localhost:${port + 6}` };
const debianChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
  fullyParallel: false,
  // The journeys (chromium) run two files at a time: each test makes its own
  // accounts, and a worker waits on its browser and server far more than it
  // computes. The hostile and two-instance suites measure timing (a burst still
  // in flight, a kill between an answer and its work): run beside anything on
  // two cores those timings stopped meaning anything, so they come after the
  // journeys, one test at a time (their `dependencies`; a failed journey skips them).
  workers: 2,
  retries: 0,
  // Generous: two journeys share two cores with their servers, and a long journey (passkeys: add, lock, sign in, delete) nears a minute then.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  // A server that stops answering would otherwise make every journey left wait out its timeout
  // (hours, past CI's limit, with a log naming nothing): stop at 10 failures, and after 30 minutes
  // in all (the suite takes about 13), each time with the report of what ran.
  maxFailures: process.env.CI ? 10 : 0,
  globalTimeout: 30 * 60_000,
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL,
    locale: "fr-FR",
    // Tracing every journey (screenshots, DOM snapshots) cost about a fifth of the suite's time, for
    // the few that fail: in CI a failed journey's retry is traced, elsewhere every journey is and failures keep theirs.
    trace: process.env.CI ? "on-first-retry" : "retain-on-failure",
    launchOptions: existsSync(debianChromium)
      ? {
          executablePath: debianChromium,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        }
      : {},
  },
  projects: [
    // In CI a journey that fails gets one more try, and the summary of `npm test` counts it as flaky:
    // two at a time on two loaded cores, a journey now and then misses a wait it would keep on a quiet machine.
    { name: "chromium", testIgnore: ["hostile/**", "pair/**"], use: { ...devices["Desktop Chrome"] }, retries: process.env.CI ? 1 : 0 },
    ...(hostile
      ? [
          {
            name: "hostile",
            testMatch: "hostile/**/*.spec.ts",
            use: { ...devices["Desktop Chrome"], baseURL: hostileURL },
            workers: 1,
            dependencies: ["chromium"],
          },
          { name: "pair", testMatch: "pair/**/*.spec.ts", use: { baseURL: pairURLs.a }, workers: 1, dependencies: ["hostile"] },
        ]
      : []),
  ],
  // Started in this order: the first builds the app, the second serves the same build.
  webServer: [
    {
      command: `node scripts/e2e-server.mjs ${port}`,
      url: `${baseURL}/connexion`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
    ...(hostile
      ? [
          {
            command: `node scripts/e2e-hostile-server.mjs`,
            url: `${hostileURL}/connexion`,
            env: { E2E_HOSTILE_PORT: String(port + 1) },
            timeout: 120_000,
            reuseExistingServer: false,
            stdout: "pipe" as const,
            stderr: "pipe" as const,
          },
          {
            command: `node scripts/e2e-pair-server.mjs`,
            url: `${pairURLs.a}/api/health/live`,
            env: { E2E_PAIR_PORT: String(port + 5) },
            timeout: 120_000,
            reuseExistingServer: false,
            stdout: "pipe" as const,
            stderr: "pipe" as const,
          },
        ]
      : []),
  ],
});
