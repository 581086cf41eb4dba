// npm test: every test. Unit and integration tests (Vitest) on PGlite, and on
// PostgreSQL too when TEST_DATABASE_URL is set; then lint and types; then the
// end-to-end suite (Playwright) in a real browser against a production build;
// then a short run of every other documented command (scripts/smoke.mjs).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

const results = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, command, args) {
  const started = Date.now();
  const outcome = spawnSync(command, args, { stdio: "inherit", env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n[test] ${label}: exit ${outcome.status} in ${seconds} s\n`);
  return outcome.status === 0;
}

mkdirSync("test-results", { recursive: true });

// One Vitest run per database lane, so that the output says how many tests ran on each.
const lanes = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
let unitOk = true;
for (const lane of lanes) {
  const report = `test-results/vitest-${lane}.json`;
  unitOk =
    run(`vitest (${lane})`, "npx", [
      "vitest",
      "run",
      "--project",
      lane,
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
    ]) && unitOk;
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

const lintOk = run("eslint", "npx", ["eslint", "--max-warnings", "0", "."]);
const formatOk = run("prettier", "npx", ["prettier", "--check", "."]);
const typesOk = run("tsc", "npx", ["tsc", "--noEmit"]);

const e2eOk = run("playwright", "npx", ["playwright", "test"]);
try {
  const report = JSON.parse(readFileSync("test-results/playwright.json", "utf8"));
  const { expected = 0, unexpected = 0, skipped = 0, flaky = 0 } = report.stats ?? {};
  results.passed += expected + flaky;
  results.failed += unexpected;
  results.skipped += skipped;
  const stage = process.env.TEST_DATABASE_URL
    ? "chromium on PGlite + hostile suites on PostgreSQL"
    : "chromium on PGlite; hostile suites need TEST_DATABASE_URL";
  lines.push(`playwright (${stage}): ${expected + flaky} passed, ${unexpected} failed, ${skipped} skipped`);
} catch {
  lines.push("playwright: no JSON report");
}

// Every other command README.md documents, briefly, on the build the end-to-end suite made.
const smokeOk = run("smoke runs of the documented commands", "node", ["scripts/smoke.mjs"]);
lines.push(`smoke runs of the documented commands: ${smokeOk ? "ok" : "FAILED"}`);

console.log("\n" + lines.join("\n"));
if (!lintOk) console.log("eslint: FAILED");
if (!typesOk) console.log("tsc: FAILED");
if (!formatOk) console.log("prettier: FAILED (npm run format)");
const ok = unitOk && lintOk && formatOk && typesOk && e2eOk && smokeOk;
if (!ok && results.failed === 0) results.failed = 1;
console.log(`\n${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(ok ? 0 : 1);
