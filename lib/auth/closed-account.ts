import "server-only";
import { Prisma } from "@/lib/db";
import type { AppCookie } from "@/lib/request/cookies";
import { signedCookie } from "@/lib/request/signed-cookie";

// A closed account (its deletion is due, lib/privacy/deletion.ts) opens no
// session: the right password or passkey leads only to /suppression-prevue,
// whose one button keeps the account. This cookie is what carries that proof
// there: signed, short-lived, naming the account and nothing else. Here
// rather than in lib/privacy because the sign-in (authenticate.ts) issues it.
// Owns: the closed-account cookie.

const CLOSED_ACCOUNT_MAX_AGE_SECONDS = 15 * 60;
const closedAccountCookie = signedCookie("closed-account", "sesame.closed", CLOSED_ACCOUNT_MAX_AGE_SECONDS);
export const CLOSED_ACCOUNT_COOKIE = closedAccountCookie.name;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The cookie a sign-in into a closed account sets: proof, for 15 minutes,
 * that this browser knew its password or held its passkey, for this closure
 * (its due date): once the account is reopened and closed again, it no
 * longer serves.
 */
export function closedAccountProof(userId: string, dueAt: Date): AppCookie {
  return closedAccountCookie.issue(`${userId}:${dueAt.getTime()}`);
}

/** The closure the current request's cookie proves, when it verifies: the caller checks it is the account's current one. */
export async function provenClosedAccount(): Promise<{ userId: string; dueAt: Date } | undefined> {
  const [userId, due] = (await closedAccountCookie.read())?.split(":") ?? [];
  return userId && UUID.test(userId) && due && /^\d{1,15}$/.test(due) ? { userId, dueAt: new Date(Number(due)) } : undefined;
}

/**
 * The sign-in's gate (lib/db/gated-write.ts) over its proof (the counter
 * step): the session opens only while the account is open. Its row is held
 * FOR SHARE, so a closure committing meanwhile either waits for this
 * statement, and then ends the session it opened with the others, or makes
 * it find no row: no session outlives a closure, however the two interleave.
 */
export const openAccountGate = Prisma.sql`
  SELECT p.user_id FROM proof p JOIN users u ON u.id = p.user_id WHERE u.deletion_due_at IS NULL FOR SHARE OF u`;
