// npm test: every test. Unit and integration tests (Vitest) on PGlite, and on
// PostgreSQL too when TEST_DATABASE_URL is set; then lint and types; then the
// end-to-end suite (Playwright) in a real browser against a production build;
// then a short run of every other documented command (scripts/smoke.mjs).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

const results = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
const suiteStarted = Date.now();
/** Each stage's name and wall-clock seconds, printed as a table at the end. */
const stages = [];

/**
 * Runs one stage under a time budget (minutes), several times what it takes on two
 * loaded cores: a stage that hangs is stopped with its process group
 * (coreutils' timeout) and named in the output, and the stages after it still
 * run, instead of the whole CI job running out of time with a log that names nothing.
 */
function run(label, command, args, budgetMinutes, stage = label) {
  const started = Date.now();
  const outcome = spawnSync("timeout", budgeted(command, args, budgetMinutes), { stdio: "inherit", env: process.env });
  return record(label, stage, budgetMinutes, started, outcome.status);
}

/**
 * The same, for stages that run side by side (the checks of lint, layout and
 * types, each mostly on one core): each one's output is printed whole when it ends.
 */
function runBeside(label, command, args, budgetMinutes) {
  const started = Date.now();
  const child = spawn("timeout", budgeted(command, args, budgetMinutes), { env: process.env });
  const output = [];
  child.stdout.on("data", (chunk) => output.push(chunk));
  child.stderr.on("data", (chunk) => output.push(chunk));
  return new Promise((resolve) =>
    child.once("close", (status) => {
      process.stdout.write(Buffer.concat(output));
      resolve(record(label, label, budgetMinutes, started, status));
    }),
  );
}

const budgeted = (command, args, budgetMinutes) => ["--kill-after=30s", `${budgetMinutes}m`, command, ...args];

function record(label, stage, budgetMinutes, started, status) {
  const seconds = (Date.now() - started) / 1000;
  const timedOut = status === 124 || status === 137;
  stages.push({ stage, seconds, ok: status === 0, timedOut });
  const outcome = timedOut ? `STOPPED after its ${budgetMinutes}-minute budget` : `exit ${status}`;
  console.log(`\n[test] ${label}: ${outcome} in ${seconds.toFixed(1)} s\n`);
  return status === 0;
}

/** m:ss */
function clock(seconds) {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

mkdirSync("test-results", { recursive: true });

// One Vitest run per database lane, so that the output says how many tests ran on each.
const lanes = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
let unitOk = true;
for (const lane of lanes) {
  const report = `test-results/vitest-${lane}.json`;
  unitOk =
    run(
      `vitest (${lane})`,
      "npx",
      [
        "vitest",
        "run",
        "--project",
        lane,
        "--project",
        `${lane}:isolated`,
        "--reporter=default",
        "--reporter=json",
        `--outputFile.json=${report}`,
      ],
      12,
      `vitest ${lane}`,
    ) && unitOk;
  try {
    const { numPassedTests = 0, numFailedTests = 0, numPendingTests = 0, numTodoTests = 0 } = JSON.parse(readFileSync(report, "utf8"));
    results.passed += numPassedTests;
    results.failed += numFailedTests;
    results.skipped += numPendingTests + numTodoTests;
    lines.push(`vitest on ${lane}: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`);
  } catch {
    lines.push(`vitest on ${lane}: no report`);
    unitOk = false;
  }
}

if (lanes.length === 1) stages.push({ stage: "vitest postgres", seconds: null, ok: true });

const [lintOk, formatOk, typesOk] = await Promise.all([
  runBeside("eslint", "npx", ["eslint", "--max-warnings", "0", "."], 5),
  runBeside("prettier", "npx", ["prettier", "--check", "."], 5),
  runBeside("tsc", "npx", ["tsc", "--noEmit"], 5),
]);

// Playwright stops itself first (globalTimeout in playwright.config.ts), reporting what it ran.
const e2eOk = run("playwright", "npx", ["playwright", "test"], 35);
try {
  const report = JSON.parse(readFileSync("test-results/playwright.json", "utf8"));
  const { expected = 0, unexpected = 0, skipped = 0, flaky = 0 } = report.stats ?? {};
  results.passed += expected + flaky;
  results.failed += unexpected;
  results.skipped += skipped;
  const stage = process.env.TEST_DATABASE_URL
    ? "chromium on PGlite + hostile suites on PostgreSQL"
    : "chromium on PGlite; hostile suites need TEST_DATABASE_URL";
  const retried = flaky ? ` (${flaky} of them flaky: failed once, passed on retry)` : "";
  lines.push(`playwright (${stage}): ${expected + flaky} passed${retried}, ${unexpected} failed, ${skipped} skipped`);
} catch {
  lines.push("playwright: no JSON report");
}

// Every other command README.md documents, briefly, on the build the end-to-end suite made.
const smokeOk = run("smoke runs of the documented commands", "node", ["scripts/smoke.mjs"], 12, "smoke");
lines.push(`smoke runs of the documented commands: ${smokeOk ? "ok" : "FAILED"}`);

console.log("\n" + lines.join("\n"));
// How long each stage took (wall clock), so that a slower suite shows where.
const width = Math.max(...stages.map(({ stage }) => stage.length), "total".length);
console.log(`\n${"stage".padEnd(width + 2)}${"time".padStart(6)}`);
for (const { stage, seconds, ok, timedOut } of stages) {
  const time = seconds === null ? "—" : clock(seconds);
  const verdict = seconds === null ? "  (no TEST_DATABASE_URL)" : ok ? "" : timedOut ? "  STOPPED (over budget)" : "  FAILED";
  console.log(`${stage.padEnd(width + 2)}${time.padStart(6)}${verdict}`);
}
console.log(`${"total".padEnd(width + 2)}${clock((Date.now() - suiteStarted) / 1000).padStart(6)}`);
if (!lintOk) console.log("eslint: FAILED");
if (!typesOk) console.log("tsc: FAILED");
if (!formatOk) console.log("prettier: FAILED (npm run format)");
const ok = unitOk && lintOk && formatOk && typesOk && e2eOk && smokeOk;
if (!ok && results.failed === 0) results.failed = 1;
console.log(`\n${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(ok ? 0 : 1);
