import { describe, expect, it } from "vitest";
import { generateSecret } from "otplib";
import { matchTotp, newTotpSecret, TOTP_PERIOD_SECONDS, totpAt } from "./totp";

// RFC 6238, appendix B: the SHA-1 seed is the ASCII "12345678901234567890";
// the 8-digit values of the table, truncated to our 6 (the last 6 digits:
// the truncation is modulo 10^digits).
const RFC_SEED = new TextEncoder().encode("12345678901234567890");
const RFC_SEED_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const vectors: [number, string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

const at = (seconds: number) => new Date(seconds * 1000);
const step = TOTP_PERIOD_SECONDS * 1000;

describe("RFC 6238 codes (SHA-1, 30 s, 6 digits)", () => {
  it.each(vectors)("at %i s the code is the RFC's %s, last 6 digits", async (seconds, rfc) => {
    expect(await totpAt(RFC_SEED, at(seconds))).toBe(rfc.slice(-6));
    expect(await totpAt(RFC_SEED_BASE32, at(seconds))).toBe(rfc.slice(-6));
  });

  it("accepts the RFC's code at its time and tells which time step it matched", async () => {
    expect(await matchTotp(RFC_SEED_BASE32, "287082", at(59))).toBe(1);
    expect(await matchTotp(RFC_SEED_BASE32, "005924", at(1234567890))).toBe(Math.floor(1234567890 / 30));
  });

  it("accepts a code one step early or late, and refuses two steps away", async () => {
    const secret = newTotpSecret();
    const moment = new Date(1_800_000_000_000);
    const base = Math.floor(moment.getTime() / step);
    for (const offset of [-1, 0, 1]) {
      const code = await totpAt(secret, new Date(moment.getTime() + offset * step));
      expect(await matchTotp(secret, code, moment)).toBe(base + offset);
    }
    for (const offset of [-2, 2]) {
      const code = await totpAt(secret, new Date(moment.getTime() + offset * step));
      // A code of another step may collide by chance (1 in 10^6 per step): then it names a step within ±1, never ±2.
      const matched = await matchTotp(secret, code, moment);
      expect(matched === null || Math.abs(matched - base) <= 1).toBe(true);
      expect(matched).not.toBe(base + offset);
    }
  });

  it("refuses anything but six digits without asking otplib", async () => {
    const secret = generateSecret();
    for (const code of ["", "12345", "1234567", "12a456", " 123456"]) expect(await matchTotp(secret, code)).toBeNull();
  });

  it("makes 160-bit base32 secrets", () => {
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(newTotpSecret());
  });
});
