import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./unavailable";

describe("isDatabaseUnavailable", () => {
  it.each([
    ["a reset connection", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })],
    [
      "PostgreSQL shutting the session down",
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
    ],
    ["a dropped socket", new Error("Connection terminated unexpectedly")],
    [
      "no connection free in time (a saturated pool or pooler)",
      Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" }),
    ],
    [
      "a refusal wrapped by Prisma",
      new Error("driver error", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }) }),
    ],
  ])("recognises %s", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" })],
    ["a programming error", new TypeError("cannot read properties of undefined")],
    ["not an error", "Connection terminated"],
  ])("leaves %s alone", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
