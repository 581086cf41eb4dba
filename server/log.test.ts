import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { maskEmails } from "./log.mjs";

/** Runs `script` in a fresh Node process that imported server/log.mjs as `log`; returns its stdout lines. */
function linesOf(script: string, env: Record<string, string> = {}): Record<string, unknown>[] {
  const child = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", `import { log, withRequestId } from "./server/log.mjs";\n${script}`],
    { encoding: "utf8", env: { PATH: process.env.PATH, NODE_ENV: "production", ...env } },
  );
  expect(child.status, child.stderr).toBe(0);
  return child.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("the process logger", () => {
  it("writes one JSON object per line with level, time, event and the request's id", () => {
    const lines = linesOf(`
      log().info({ event: "outside" }, "no request");
      await withRequestId("req-1", async () => { await new Promise((r) => setTimeout(r, 5)); log().warn({ event: "inside", durationMs: 3 }, "in a request"); });`);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: "info", event: "outside", msg: "no request" });
    expect(lines[0]).not.toHaveProperty("requestId");
    expect(lines[1]).toMatchObject({ level: "warn", event: "inside", durationMs: 3, requestId: "req-1" });
    expect(new Date(lines[1]!.time as string).getTime()).toBeGreaterThan(0);
  });

  it("censors fields named like secrets and masks email addresses everywhere, errors included", () => {
    const [line] = linesOf(`
      const error = Object.assign(new Error("Invalid to: camille.dupont@example.fr"), { code: "E1" });
      log().error({ event: "x", password: "hunter2", token: "abc", nested: { email: "a@b.fr", note: "for camille.dupont@example.fr" }, err: error }, "sent to camille.dupont@example.fr");`);
    const text = JSON.stringify(line);
    for (const secret of ["hunter2", '"abc"', "a@b.fr", "camille.dupont@"]) expect(text).not.toContain(secret);
    expect(line).toMatchObject({
      password: "[redacted]",
      token: "[redacted]",
      nested: { email: "[redacted]", note: "for c…@example.fr" },
      err: { type: "Error", message: "Invalid to: c…@example.fr", code: "E1" },
      msg: "sent to c…@example.fr",
    });
  });

  it("writes nothing below LOG_LEVEL", () => {
    expect(linesOf(`log().info({ event: "quiet" }); log().debug({ event: "quieter" });`, { LOG_LEVEL: "warn" })).toEqual([]);
    expect(linesOf(`log().debug({ event: "loud" });`, { LOG_LEVEL: "debug" })).toHaveLength(1);
  });

  it("masks addresses down to their first character and domain", () => {
    expect(maskEmails("from jean+tag@mail.example.com and x@y.io")).toBe("from j…@mail.example.com and x…@y.io");
  });
});
