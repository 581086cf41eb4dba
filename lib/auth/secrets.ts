import { createHash, randomBytes } from "node:crypto";

// Every secret we hand out (session ids, emailed-link tokens, browser
// cookies) is 256 random bits, and the database keeps only its SHA-256
// digest: a copy of the database opens no session and no link. Unsalted is
// enough for values this random; it is what lets a lookup find the row.

/** A new secret, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database stores of a secret. */
export function digestSecret(raw: string): string {
  return createHash("sha256").update(raw).digest("hex");
}
