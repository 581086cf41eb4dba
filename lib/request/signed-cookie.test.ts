import { afterEach, describe, expect, it } from "vitest";
import { advanceClock, resetClock } from "@/lib/clock";
import { sign, verify } from "./signed-cookie";

afterEach(() => resetClock());

describe("signed cookies", () => {
  it("gives back the payload it signed, dots included", () => {
    expect(verify("device", sign("device", "abc", 60))).toBe("abc");
    expect(verify("email-status", sign("email-status", "id.request.bWFzaw", 60))).toBe("id.request.bWFzaw");
  });

  it("refuses a value signed for another purpose", () => {
    const value = sign("device", "abc", 60);
    expect(verify("passkey-challenge", value)).toBeUndefined();
    expect(verify("email-status", value)).toBeUndefined();
  });

  it("refuses a value whose payload, expiry or signature was changed", () => {
    const value = sign("device", "abc", 60);
    const [payload, expires, signature] = value.split(".") as [string, string, string];
    expect(verify("device", `abd.${expires}.${signature}`)).toBeUndefined();
    expect(verify("device", `${payload}.${Number(expires) + 3600}.${signature}`)).toBeUndefined();
    for (const index of [0, signature.length - 1]) {
      const changed = signature.slice(0, index) + (signature[index] === "A" ? "B" : "A") + signature.slice(index + 1);
      expect(verify("device", `${payload}.${expires}.${changed}`)).toBeUndefined();
    }
    expect(verify("device", `${payload}.${expires}`)).toBeUndefined();
    expect(verify("device", "abc")).toBeUndefined();
    expect(verify("device", "")).toBeUndefined();
    expect(verify("device", undefined)).toBeUndefined();
    expect(verify("device", `${"a".repeat(600)}.${expires}.${signature}`)).toBeUndefined();
  });

  it("refuses a value once its expiry has passed", () => {
    const value = sign("passkey-challenge", "abc", 60);
    advanceClock(59_000);
    expect(verify("passkey-challenge", value)).toBe("abc");
    advanceClock(1_000);
    expect(verify("passkey-challenge", value)).toBeUndefined();
  });
});
