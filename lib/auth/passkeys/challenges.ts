import "server-only";
import { createHash } from "node:crypto";
import { db, type Prisma } from "@/lib/db";
import type { PasskeyCeremony } from "@/lib/db/generated/enums";
import { now } from "@/lib/clock";
import { addressBucket } from "@/lib/rate-limit";
import type { AppCookie } from "@/lib/request/cookies";
import { signedCookie } from "@/lib/request/signed-cookie";

// A challenge is a row of passkey_challenges, named by a signed httpOnly
// cookie on the browser that asked; verifying deletes the row in one
// conditional DELETE, so it is single use (two parallel answers: one wins),
// bound to that browser (another one does not hold the cookie) and short
// lived (CHALLENGE_TTL_MS). A registration challenge also belongs to the
// signed-in user who asked; a sign-in challenge counts against the address
// that asked (PASSKEY_CHALLENGES_PER_ADDRESS).
// Owns: the passkey_challenges table, the challenge cookie.

export const CHALLENGE_TTL_MS = 5 * 60_000;
const challengeCookie = signedCookie("passkey-challenge", "sesame.passkey", CHALLENGE_TTL_MS / 1000);
export const CHALLENGE_COOKIE = challengeCookie.name;

export type ChallengeCookie = AppCookie;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const rowId = (id: string | undefined) => (id && UUID.test(id) ? id : undefined);

/** The challenge row a cookie names, when its signature holds. */
export function readChallengeCookie(value: string | undefined): string | undefined {
  return rowId(challengeCookie.verify(value));
}

/** The challenge row the current request's cookie names, when it verifies. */
export async function requestChallengeId(): Promise<string | undefined> {
  return rowId(await challengeCookie.read());
}

/**
 * Unanswered sign-in challenges one address bucket (addressBucket: an IPv6
 * /64 as one) may hold at once. Anyone may ask for one, and each is a row
 * until it is answered or the retention pass drops it: past this many, the
 * newest replaces the oldest, so a stranger cannot fill the table from the
 * 2^64 addresses of a /64. A browser whose challenge gave way is refused and
 * asks again. Per-IP limits bound how often; this bounds how many.
 */
export const PASSKEY_CHALLENGES_PER_ADDRESS = 20;

/** The digest a challenge keeps of its address bucket (the table holds no IP address). */
const addressKeyOf = (ip: string) =>
  createHash("sha256")
    .update(`passkey-challenge:${addressBucket(ip)}`)
    .digest("base64url");

/**
 * A new challenge and the cookie that names it. A sign-in challenge counts
 * against its address bucket: the row is written, then the bucket's
 * challenges beyond the newest PASSKEY_CHALLENGES_PER_ADDRESS (and its
 * expired ones) are dropped, under a lock on that bucket so that parallel
 * requests cannot each keep one too many.
 */
export async function issueChallenge(
  ceremony: PasskeyCeremony,
  userId: string | null,
  challenge: string,
  address?: string,
): Promise<ChallengeCookie> {
  const at = now();
  const data = { ceremony, userId, challenge, createdAt: at, expiresAt: new Date(at.getTime() + CHALLENGE_TTL_MS) };
  const row =
    address === undefined
      ? await db.passkeyChallenge.create({ data, select: { id: true } })
      : await db.$transaction(async (tx) => {
          const addressKey = addressKeyOf(address);
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${addressKey}, 0))`;
          const created = await tx.passkeyChallenge.create({ data: { ...data, addressKey }, select: { id: true } });
          await tx.$executeRaw`
            DELETE FROM passkey_challenges
            WHERE address_key = ${addressKey} AND id NOT IN (
              SELECT id FROM passkey_challenges
              WHERE address_key = ${addressKey} AND expires_at > ${at}::timestamp
              ORDER BY created_at DESC, id DESC
              LIMIT ${PASSKEY_CHALLENGES_PER_ADDRESS}
            )`;
          return created;
        });
  return challengeCookie.issue(row.id);
}

/**
 * Uses a challenge up: one conditional DELETE, so of two answers to the
 * same challenge exactly one gets it. Null when unknown, used, expired, of
 * the other ceremony or (registration) of another user.
 */
export async function consumeChallenge(id: string | undefined, ceremony: PasskeyCeremony, userId: string | null): Promise<string | null> {
  if (!id || !UUID.test(id)) return null;
  const rows = await db.$queryRaw<{ challenge: string }[]>`
    DELETE FROM passkey_challenges
    WHERE id = ${id}::uuid AND ceremony = ${ceremony}::"PasskeyCeremony" AND expires_at > ${now()}::timestamp
      AND user_id IS NOT DISTINCT FROM ${userId}::uuid
    RETURNING challenge`;
  return rows[0]?.challenge ?? null;
}

/** Drops challenges nobody answered (the retention pass). */
export async function pruneChallenges(tx: Prisma.TransactionClient): Promise<number> {
  const result = await tx.passkeyChallenge.deleteMany({ where: { expiresAt: { lt: now() } } });
  return result.count;
}

/** An erased account's registrations in progress (lib/privacy/erasure.ts). */
export async function dropChallengesOf(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  return (await tx.passkeyChallenge.deleteMany({ where: { userId } })).count;
}
