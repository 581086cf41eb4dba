import "server-only";
import { db, type Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/http/client-info";
import { isLocale } from "@/lib/i18n/config";
import { appLink, queueEmail } from "@/lib/mail";
import { allowEmailRequest, nothingToDeliver, type DeferredRequest } from "./email-requests";
import { recordSecurityEvent } from "./security-events";
import { consumeToken, issueToken } from "./tokens";

// Lockable: counts wrong passwords, warns when one try is left, locks at the
// maximum and emails an unlock link; unlocks by that link, by itself after
// LOCKOUT_UNLOCK_AFTER_MINUTES, or by a password reset.
// Owns: users.failed_attempts, users.locked_at, unlock tokens; settings
// LOCKOUT_MAX_ATTEMPTS, LOCKOUT_UNLOCK_AFTER_MINUTES, UNLOCK_TOKEN_TTL_HOURS.

type Tx = Prisma.TransactionClient;

export type FailureOutcome = "invalidCredentials" | "lastAttempt" | "locked";

type LockableUser = { id: string; lockedAt: Date | null };

export function lockoutSettings() {
  const { LOCKOUT_MAX_ATTEMPTS, LOCKOUT_UNLOCK_AFTER_MINUTES } = env();
  return { maxAttempts: LOCKOUT_MAX_ATTEMPTS, unlockAfterMinutes: LOCKOUT_UNLOCK_AFTER_MINUTES };
}

/**
 * Is the account locked now? A lock older than the automatic-unlock delay is
 * lifted here (conditionally, so two requests lift it once), so that a
 * stranger cannot keep a user out for ever.
 */
export async function isLocked(user: LockableUser, client?: ClientInfo): Promise<boolean> {
  if (!user.lockedAt) return false;
  const expiry = user.lockedAt.getTime() + lockoutSettings().unlockAfterMinutes * 60_000;
  if (now().getTime() < expiry) return true;
  await db.$transaction(async (tx) => {
    const lifted = await tx.user.updateMany({
      where: { id: user.id, lockedAt: user.lockedAt },
      data: { lockedAt: null, failedAttempts: 0 },
    });
    if (lifted.count === 1) await recordSecurityEvent(tx, "account.unlocked", user.id, client);
  });
  return false;
}

async function queueUnlockEmail(tx: Tx, user: { id: string; email: string; pseudo: string; locale: string }) {
  const raw = await issueToken(tx, user.id, "unlock");
  const { maxAttempts, unlockAfterMinutes } = lockoutSettings();
  await queueEmail(tx, {
    template: "unlock-account",
    to: user.email,
    locale: isLocale(user.locale) ? user.locale : "fr",
    props: { pseudo: user.pseudo, url: appLink(`/deverrouillage/${raw}`), attempts: maxAttempts, minutes: unlockAfterMinutes },
    helpAnchor: "compte-verrouille",
  });
}

/**
 * Counts one wrong password. The increment is a single conditional UPDATE,
 * so parallel failures never lose a count, and only the one that reaches the
 * maximum locks the account and queues the unlock email.
 *
 * The common case (no lock yet) is one statement that also writes the
 * journal entry: one round trip, like the unknown-identifier path, so the
 * two cannot be told apart by timing. The failure that reaches the maximum
 * takes the transaction that locks and queues the email together.
 */
export async function registerFailure(userId: string, client?: ClientInfo): Promise<FailureOutcome> {
  const { maxAttempts } = lockoutSettings();
  const at = now();
  const counted = await db.$queryRaw<{ failed_attempts: number }[]>`
    WITH counted AS (
      UPDATE users SET failed_attempts = failed_attempts + 1
      WHERE id = ${userId}::uuid AND locked_at IS NULL AND failed_attempts + 1 < ${maxAttempts}
      RETURNING failed_attempts
    ), journal AS (
      INSERT INTO security_events (id, user_id, type, ip, user_agent, created_at)
      SELECT gen_random_uuid(), ${userId}::uuid, 'signin.failure', ${client?.ip ?? null}, ${client?.userAgent ?? null}, ${at}::timestamp
      FROM counted
    )
    SELECT failed_attempts FROM counted`;
  const row = counted[0];
  if (row) return row.failed_attempts === maxAttempts - 1 ? "lastAttempt" : "invalidCredentials";
  return lockOnFailure(userId, maxAttempts, at, client);
}

async function lockOnFailure(userId: string, maxAttempts: number, at: Date, client?: ClientInfo): Promise<FailureOutcome> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ failed_attempts: number; email: string; pseudo: string; locale: string }[]>`
      UPDATE users
      SET failed_attempts = failed_attempts + 1,
          locked_at = CASE WHEN failed_attempts + 1 >= ${maxAttempts} THEN ${at}::timestamp ELSE NULL END
      WHERE id = ${userId}::uuid AND locked_at IS NULL
      RETURNING failed_attempts, email, pseudo, locale`;
    const row = rows[0];
    await recordSecurityEvent(tx, "signin.failure", userId, client);
    if (!row) return "locked";
    if (row.failed_attempts >= maxAttempts) {
      await recordSecurityEvent(tx, "account.locked", userId, client);
      await queueUnlockEmail(tx, { id: userId, ...row });
      return "locked";
    }
    return row.failed_attempts === maxAttempts - 1 ? "lastAttempt" : "invalidCredentials";
  });
}

/**
 * A successful sign-in forgets earlier mistakes and is journaled, in one
 * statement. False when the account was locked after all (by a parallel
 * request since it was read): the lock wins over the right password.
 */
export async function recordSuccessfulSignIn(userId: string, client: ClientInfo): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH reset AS (
      UPDATE users SET failed_attempts = 0 WHERE id = ${userId}::uuid AND locked_at IS NULL RETURNING id
    )
    INSERT INTO security_events (id, user_id, type, ip, user_agent, created_at)
    SELECT gen_random_uuid(), reset.id, 'signin.success', ${client.ip}, ${client.userAgent}, ${now()}::timestamp
    FROM reset
    RETURNING user_id AS id`;
  return rows.length === 1;
}

/** Clears the lock and the counter inside a caller's transaction (unlock link, password reset). */
export async function unlockAccount(tx: Tx, userId: string): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { lockedAt: null, failedAttempts: 0 } });
}

/**
 * The /deverrouillage form: a locked account gets a fresh unlock email (older
 * links stop working). Unknown and unlocked addresses get nothing; the answer
 * is "sent" for all, and the work runs in `delivery`, after the response.
 */
export async function requestUnlock(email: string, client: ClientInfo): Promise<DeferredRequest<"sent">> {
  if (!(await allowEmailRequest(email, client))) return { outcome: "rateLimited", delivery: nothingToDeliver };
  const delivery = async () => {
    const user = await db.user.findUnique({
      where: { email },
      select: { id: true, email: true, pseudo: true, locale: true, lockedAt: true },
    });
    if (!user || !(await isLocked(user, client))) return;
    await db.$transaction((tx) => queueUnlockEmail(tx, user));
  };
  return { outcome: "sent", delivery };
}

/** The link of the unlock email. False when the link is unknown, used, expired or not an unlock link. */
export async function unlockByToken(raw: unknown, client?: ClientInfo): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const userId = await consumeToken(tx, raw, "unlock");
    if (!userId) return false;
    await unlockAccount(tx, userId);
    await recordSecurityEvent(tx, "account.unlocked", userId, client);
    return true;
  });
}
