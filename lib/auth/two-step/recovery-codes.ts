import { randomBytes } from "node:crypto";
import { digestSecret } from "../secrets";

// Recovery codes: 80 random bits each, written as 16 base32 characters in
// four groups (XXXX-XXXX-XXXX-XXXX). Only their SHA-256 digest is stored:
// 80 random bits need no slow hash, and a digest is what a lookup can find.

export const RECOVERY_CODE_COUNT = 10;
/** At or below this many unused codes, /compte says so. */
export const RECOVERY_CODES_LOW = 3;

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** One code: 10 bytes = 80 bits = 16 base32 characters. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)!.join("-");
}

/** A code as typed: case, spaces and dashes do not matter; null when it cannot be a code. */
export function normaliseRecoveryCode(typed: string): string | null {
  const plain = typed.toUpperCase().replace(/[\s-]/g, "");
  return /^[A-Z2-7]{16}$/.test(plain) ? plain : null;
}

/** What the database keeps of a code (normalised first, so "abcd efgh…" finds the row). */
export function digestRecoveryCode(code: string): string | null {
  const plain = normaliseRecoveryCode(code);
  return plain ? digestSecret(`recovery-code:${plain}`) : null;
}
