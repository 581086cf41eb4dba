import { hash, verify, type Algorithm } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";
import type { Prisma } from "@/lib/db";

// argon2id with at least OWASP's parameters (m=19 MiB, t=2, p=1). The native
// binding runs on libuv's thread pool, never on the event loop.
// Owns: users.password_hash.

// Algorithm.Argon2id is a const enum, which isolated modules cannot read.
const ARGON2ID = 2 as Algorithm;

export const HASH_PARAMETERS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, ...HASH_PARAMETERS });
}

/** True when a stored hash was made with other (older) parameters or another algorithm. */
export function needsRehash(stored: string): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!match) return true;
  const [, m, t, p] = match.map(Number);
  return m !== HASH_PARAMETERS.memoryCost || t !== HASH_PARAMETERS.timeCost || p !== HASH_PARAMETERS.parallelism;
}

export type VerifyResult = { ok: boolean; rehash: boolean };

export async function verifyPassword(stored: string, password: string): Promise<VerifyResult> {
  let ok = false;
  try {
    ok = await verify(stored, password);
  } catch {
    ok = false;
  }
  return { ok, rehash: ok && needsRehash(stored) };
}

// What "Ce n'était pas moi" leaves in users.password_hash: no argon2 string,
// so no password verifies against it, until a reset link sets a new one.
const UNUSABLE = "!unusable";

/** Whether a stored hash can verify a password at all (false once "Ce n'était pas moi" was pressed). */
export function isUsablePasswordHash(stored: string): boolean {
  return stored !== UNUSABLE;
}

/** Makes the password unusable, inside the caller's transaction: only a reset sets a new one. */
export async function disablePassword(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { passwordHash: UNUSABLE } });
}

let decoy: Promise<string> | undefined;

/**
 * Spends the same hashing time as a real check, for an identifier that
 * matches no account: otherwise the response time tells which accounts exist.
 */
export async function verifyAgainstDecoy(password: string): Promise<void> {
  decoy ??= hashPassword(randomBytes(32).toString("base64url"));
  await verifyPassword(await decoy, password);
}
