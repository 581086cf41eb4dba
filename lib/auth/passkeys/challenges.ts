import "server-only";
import { db, type Prisma } from "@/lib/db";
import type { PasskeyCeremony } from "@/lib/db/generated/enums";
import { now } from "@/lib/clock";
import type { AppCookie } from "@/lib/request/cookies";
import { signedCookie } from "@/lib/request/signed-cookie";

// A challenge is a row of passkey_challenges, named by a signed httpOnly
// cookie on the browser that asked; verifying deletes the row in one
// conditional DELETE, so it is single use (two parallel answers: one wins),
// bound to that browser (another one does not hold the cookie) and short
// lived (CHALLENGE_TTL_MS). A registration challenge also belongs to the
// signed-in user who asked.
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

export async function issueChallenge(ceremony: PasskeyCeremony, userId: string | null, challenge: string): Promise<ChallengeCookie> {
  const at = now();
  const row = await db.passkeyChallenge.create({
    data: { ceremony, userId, challenge, createdAt: at, expiresAt: new Date(at.getTime() + CHALLENGE_TTL_MS) },
    select: { id: true },
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
