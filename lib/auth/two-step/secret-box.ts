import "server-only";
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "@/lib/auth-secret";
import { env } from "@/lib/env";

// The TOTP secrets at rest: AES-256-GCM under a key derived from AUTH_SECRET
// by HKDF-SHA-256 with a purpose label of its own, so the key that signs
// cookies never encrypts a secret and a dump of the database alone reveals
// no secret. Each value names the key that sealed it (the first bytes of the
// key's own digest): after a rotation, AUTH_SECRET_PREVIOUS still opens the
// values sealed before it, and each is sealed again under the new key at its
// next accepted code (docs/two-step.md).
//
// Value: `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url parts.

const PURPOSE = "sesame/two-step-secret/v1";

function keyFrom(secret: string): { id: string; key: Buffer } {
  const key = Buffer.from(hkdfSync("sha256", secret, "sesame", PURPOSE, 32));
  return { id: createHash("sha256").update(key).digest("base64url").slice(0, 8), key };
}

function keys(): { id: string; key: Buffer }[] {
  const previous = env().AUTH_SECRET_PREVIOUS;
  return [keyFrom(authSecret()), ...(previous ? [keyFrom(previous)] : [])];
}

/** Seals a secret under the current key. */
export function sealSecret(plain: string): string {
  const { id, key } = keyFrom(authSecret());
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  // The key id is authenticated too: a value cannot be passed off as sealed by another key.
  cipher.setAAD(Buffer.from(id));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", id, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

/** The secret, and whether it was sealed under an older key (then it should be sealed again); null when no key opens it. */
export function openSecret(sealed: string): { plain: string; stale: boolean } | null {
  const [version, id, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !id || !iv || !tag || body === undefined) return null;
  const all = keys();
  const index = all.findIndex((candidate) => candidate.id === id);
  if (index < 0) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", all[index]!.key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const plain = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    return { plain, stale: index > 0 };
  } catch {
    return null;
  }
}
