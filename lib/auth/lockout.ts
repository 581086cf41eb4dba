import "server-only";
import { db, Prisma } from "@/lib/db";
import { gatedStatement } from "@/lib/db/gated-write";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/request/client-info";
import { describeUserAgent } from "./user-agent";
import { localeOr, type Locale } from "@/lib/i18n/config";
import { appLink, queueEmail } from "@/lib/mail";
import { emailLinkRoutes } from "@/lib/flows";
import { countLock, countUnlock } from "@/lib/observability/metrics";
import { defineEmailLink } from "./email-link";
import { accepted, allowEmailRequest, queueNoAccountEmail, refused, type DeferredRequest, type RequestWork } from "./email-requests";
import { accountByAddress } from "./address-lookup";
import { journalWrite, recordSecurityEvent } from "./security-events";
import { consumeToken, findTokenUser, issueToken } from "./tokens";

// Lockable: counts wrong passwords, warns when one try is left, locks at the
// maximum and emails an unlock link; unlocks by that link, by itself after
// LOCKOUT_UNLOCK_AFTER_MINUTES, or by a password reset.
//
// A user has several lock paths, each a row of lock_paths made by its first
// failure: "account", shared by every browser the account does not know, and
// "device:<id>" for each known browser (known-device.ts), and "two-step" for
// wrong second-step codes after a right password (two-step.ts): its own
// counter, so a stranger who knows the password and guesses codes locks the
// second step, not the owner's password path. Every path runs the same
// sequence; unlocking clears every path of the user.
// Owns: the lock_paths table, unlock tokens and their link (`unlockLink`,
// route in lib/flows.ts); settings LOCKOUT_MAX_ATTEMPTS,
// LOCKOUT_UNLOCK_AFTER_MINUTES, UNLOCK_TOKEN_TTL_HOURS.

type Tx = Prisma.TransactionClient;

export type FailureOutcome = "invalidCredentials" | "lastAttempt" | "locked";

/** A lock path of a user: which counter a sign-in attempt counts against. */
export type LockPath = { userId: string; path: string };
export type LockKind = "account" | "device" | "twoStep";

export const ACCOUNT_PATH = "account";
export const TWO_STEP_PATH = "two-step";

/** The path wrong second-step codes count against: one per user, whatever the browser. */
export const twoStepLockPath = (userId: string): LockPath => ({ userId, path: TWO_STEP_PATH });
export const devicePathName = (deviceId: string) => `device:${deviceId}`;

/** The path a sign-in takes: the user's known browser when it proved it, else the shared one. */
export function lockPathFor(userId: string, deviceId: string | null | undefined): LockPath {
  return { userId, path: deviceId ? devicePathName(deviceId) : ACCOUNT_PATH };
}

const kindOf = (path: string): LockKind => (path.startsWith("device:") ? "device" : path === TWO_STEP_PATH ? "twoStep" : "account");

export function lockoutSettings() {
  const { LOCKOUT_MAX_ATTEMPTS, LOCKOUT_UNLOCK_AFTER_MINUTES } = env();
  return { maxAttempts: LOCKOUT_MAX_ATTEMPTS, unlockAfterMinutes: LOCKOUT_UNLOCK_AFTER_MINUTES };
}

/** When a lock set at `lockedAt` lifts by itself. */
export function lockExpiry(lockedAt: Date): Date {
  return new Date(lockedAt.getTime() + lockoutSettings().unlockAfterMinutes * 60_000);
}

/** A pure question: does a lock set at `lockedAt` still hold? */
export function lockHolds(lockedAt: Date | null): boolean {
  return lockedAt !== null && now() < lockExpiry(lockedAt);
}

/**
 * The timed unlock, as a step of its own: a lock older than the delay is
 * lifted (conditionally, so two requests lift it once, and journaled once),
 * so that a stranger cannot keep a user out for ever.
 */
export async function liftExpiredLock(path: LockPath, lockedAt: Date, client?: ClientInfo): Promise<void> {
  await db.$transaction(async (tx) => {
    const lifted = await tx.lockPath.deleteMany({ where: { userId: path.userId, path: path.path, lockedAt } });
    if (lifted.count !== 1) return;
    await recordSecurityEvent(tx, "account.unlocked", path.userId, client);
    countUnlock("expiry");
  });
}

/** The lock of one path, if set (the second step reads its own path this way). */
export async function readLock(path: LockPath): Promise<Date | null> {
  const row = await db.lockPath.findUnique({
    where: { userId_path: { userId: path.userId, path: path.path } },
    select: { lockedAt: true },
  });
  return row?.lockedAt ?? null;
}

/** Whether the path is locked now, lifting an expired lock on the way (the question the chain asks). */
export async function checkLock(path: LockPath, lockedAt: Date | null, client?: ClientInfo): Promise<boolean> {
  if (!lockedAt) return false;
  if (lockHolds(lockedAt)) return true;
  await liftExpiredLock(path, lockedAt, client);
  return false;
}

type RecentFailure = { at: Date; ip: string | null; device: string | null };

async function recentFailures(tx: Tx, userId: string): Promise<RecentFailure[]> {
  const events = await tx.securityEvent.findMany({
    where: { userId, type: { in: ["signin.failure", "two_step.failure"] } },
    orderBy: { createdAt: "desc" },
    take: 5,
    select: { createdAt: true, ip: true, userAgent: true },
  });
  return events.map((event) => ({ at: event.createdAt, ip: event.ip, device: describeUserAgent(event.userAgent) }));
}

/** The unlock email: to the account's address, or to the address typed on /deverrouillage (`to`, its recovery address perhaps). */
async function queueUnlockEmail(tx: Tx, userId: string, lockedKind?: LockKind, emailId?: string, to?: string): Promise<void> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, pseudo: true, locale: true, _count: { select: { knownDevices: true } } },
  });
  const raw = await issueToken(tx, userId, "unlock");
  const { maxAttempts, unlockAfterMinutes } = lockoutSettings();
  const locale = localeOr(user.locale);
  await queueEmail(tx, {
    id: emailId,
    template: "unlock-account",
    to: to ?? user.email,
    locale,
    props: {
      pseudo: user.pseudo,
      url: unlockLink.url(raw),
      attempts: maxAttempts,
      minutes: unlockAfterMinutes,
      failures: (await recentFailures(tx, userId)).map((failure) => ({
        at: failure.at.toISOString(),
        ip: failure.ip,
        device: failure.device,
      })),
      // A stranger locked the shared path: the owner's known browsers still work.
      knownDevicesStillWork: lockedKind === "account" && user._count.knownDevices > 0,
      thisDeviceOnly: lockedKind === "device",
      // Wrong codes after a right password: the password is known, and the way to change it is in the email.
      passwordKnownUrl: lockedKind === "twoStep" ? appLink(emailLinkRoutes.reset.requestPage) : null,
    },
    helpAnchor: "compte-verrouille",
  });
}

/** A wrong second-step code is journaled as such; every other path counts wrong passwords. */
const failureEvent = (path: LockPath) => (path.path === TWO_STEP_PATH ? "two_step.failure" : "signin.failure");

/**
 * Counts one wrong password (or, on the two-step path, one wrong code) on a path. The increment is a single
 * conditional upsert, so parallel failures never lose a count, and only the
 * one that reaches the maximum locks and queues the unlock email.
 *
 * The common case (no lock yet) is one statement that also writes the
 * journal entry: one round trip, like the unknown-identifier path, so the
 * two cannot be told apart by timing. The failure that reaches the maximum
 * takes the transaction that locks and queues the email together.
 */
export async function registerFailure(path: LockPath, client?: ClientInfo): Promise<FailureOutcome> {
  const { maxAttempts } = lockoutSettings();
  const at = now();
  const counted = await db.$queryRaw<{ failed_attempts: number }[]>(
    gatedStatement(
      Prisma.sql`
        INSERT INTO lock_paths (user_id, path, failed_attempts, updated_at)
        VALUES (${path.userId}::uuid, ${path.path}, 1, ${at}::timestamp)
        ON CONFLICT (user_id, path) DO UPDATE SET failed_attempts = lock_paths.failed_attempts + 1, updated_at = EXCLUDED.updated_at
        WHERE lock_paths.locked_at IS NULL AND lock_paths.failed_attempts + 1 < ${maxAttempts}
        RETURNING user_id, failed_attempts`,
      [journalWrite(failureEvent(path), client, at)],
      Prisma.sql`SELECT failed_attempts FROM gate`,
    ),
  );
  const row = counted[0];
  if (row) return row.failed_attempts === maxAttempts - 1 ? "lastAttempt" : "invalidCredentials";
  return lockOnFailure(path, maxAttempts, at, client);
}

/**
 * A password sign-in's gate (lib/db/gated-write.ts): the path's earlier
 * mistakes forgotten, and no row while the path is locked. An upsert on the
 * path's row, so it waits for a lock being set by a parallel wrong password
 * and then sees it: the lock wins over the right password.
 */
export function counterResetGate(path: LockPath, at: Date): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO lock_paths (user_id, path, failed_attempts, updated_at)
    VALUES (${path.userId}::uuid, ${path.path}, 0, ${at}::timestamp)
    ON CONFLICT (user_id, path) DO UPDATE SET failed_attempts = 0, updated_at = EXCLUDED.updated_at
    WHERE lock_paths.locked_at IS NULL
    RETURNING user_id`;
}

async function lockOnFailure(path: LockPath, maxAttempts: number, at: Date, client?: ClientInfo): Promise<FailureOutcome> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ failed_attempts: number }[]>`
      UPDATE lock_paths
      SET failed_attempts = failed_attempts + 1, updated_at = ${at}::timestamp,
          locked_at = CASE WHEN failed_attempts + 1 >= ${maxAttempts} THEN ${at}::timestamp ELSE NULL END
      WHERE user_id = ${path.userId}::uuid AND path = ${path.path} AND locked_at IS NULL
      RETURNING failed_attempts`;
    const row = rows[0];
    await recordSecurityEvent(tx, failureEvent(path), path.userId, client);
    if (!row) return "locked";
    if (row.failed_attempts >= maxAttempts) {
      const kind = kindOf(path.path);
      await recordSecurityEvent(
        tx,
        kind === "device" ? "device.locked" : kind === "twoStep" ? "two_step.locked" : "account.locked",
        path.userId,
        client,
      );
      await queueUnlockEmail(tx, path.userId, kind);
      countLock(kind === "device" ? "device" : "account");
      return "locked";
    }
    return row.failed_attempts === maxAttempts - 1 ? "lastAttempt" : "invalidCredentials";
  });
}

/** Clears every lock and counter of a user, inside a caller's transaction (unlock link, password reset, support). */
export async function unlockAccount(tx: Tx, userId: string, cause: "link" | "reset" | "support"): Promise<void> {
  const cleared = await tx.$queryRaw<{ locked: boolean }[]>`
    DELETE FROM lock_paths WHERE user_id = ${userId}::uuid RETURNING locked_at IS NOT NULL AS locked`;
  if (cleared.some((row) => row.locked)) countUnlock(cause);
}

/** Drops a known browser's path with the browser (known-device.ts forgets it). */
export async function dropDevicePaths(tx: Tx, userId: string, deviceId?: string): Promise<void> {
  await tx.lockPath.deleteMany({ where: { userId, path: deviceId ? devicePathName(deviceId) : { startsWith: "device:" } } });
}

export type LockPathState = { path: string; kind: LockKind; failedAttempts: number; lockedAt: Date | null; lockedUntil: Date | null };

/** Every path of a user with its counter and, when locked, until when (support, tests). */
export async function listLockPaths(userId: string): Promise<LockPathState[]> {
  const rows = await db.lockPath.findMany({
    where: { userId },
    orderBy: { path: "asc" },
    select: { path: true, failedAttempts: true, lockedAt: true },
  });
  return rows.map((row) => ({
    ...row,
    kind: kindOf(row.path),
    lockedUntil: row.lockedAt && lockHolds(row.lockedAt) ? lockExpiry(row.lockedAt) : null,
  }));
}

/** Whether any path of the user is locked now (the re-send page does not say which). */
async function hasLock(userId: string, client?: ClientInfo): Promise<boolean> {
  const locked = await db.lockPath.findMany({ where: { userId, lockedAt: { not: null } }, select: { path: true, lockedAt: true } });
  const checks = locked.map((row) => checkLock({ userId, path: row.path }, row.lockedAt, client));
  return (await Promise.all(checks)).some(Boolean);
}

/**
 * The /deverrouillage form: a locked account gets a fresh unlock email (older
 * links stop working); an unlocked one an email saying so, an unknown address
 * the linkless one (email-requests.ts). The answer is "sent" for all, and the
 * work runs in `delivery`, after the response.
 */
export async function requestUnlock(email: string, client: ClientInfo, locale: Locale): Promise<DeferredRequest<"sent">> {
  if (!(await allowEmailRequest(email, client))) return refused("rateLimited");
  return accepted("unlock", { email, locale, client }, unlockRequestWork);
}

/**
 * The unlock request's email: a fresh link for a locked account, "not locked"
 * for another, the linkless one without an account. An account's confirmed
 * recovery address works too; the email goes to the address typed.
 */
export const unlockRequestWork: RequestWork = async ({ id, email, locale, client }, claimed) => {
  const user = await accountByAddress(db, email);
  if (!user) return claimed((tx) => queueNoAccountEmail(tx, { emailId: id, to: email, locale, request: "unlock" }));
  // Outside the transaction: an expired lock is lifted on the way (lifting it twice changes nothing).
  if (await hasLock(user.id, client)) return claimed((tx) => queueUnlockEmail(tx, user.id, undefined, id, email));
  return claimed((tx) =>
    queueEmail(tx, {
      id,
      template: "not-locked",
      to: email,
      locale: localeOr(user.locale),
      props: { pseudo: user.pseudo },
      helpAnchor: "compte-verrouille",
    }),
  );
};

/** Whether the unlock link's button would unlock, without using the link up (mail scanners fetch the page too). */
export async function isLiveUnlockLink(raw: unknown): Promise<boolean> {
  return (await findTokenUser(db, raw, "unlock")) !== null;
}

/** The button of the unlock link's page: clears every path. False when the link is unknown, used, expired or not an unlock link. */
export async function unlockByToken(raw: unknown, client?: ClientInfo): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const userId = await consumeToken(tx, raw, "unlock");
    if (!userId) return false;
    await unlockAccount(tx, userId, "link");
    await recordSecurityEvent(tx, "account.unlocked", userId, client);
    return true;
  });
}

/** The emailed link (lib/auth/email-link.ts): one button unlocks every path. */
export const unlockLink = defineEmailLink("unlock", {
  title: "link.unlockTitle",
  check: async (raw) => ((await isLiveUnlockLink(raw)) ? "live" : "refused"),
  button: {
    intro: "link.unlockIntro",
    submit: "link.unlockSubmit",
    consume: async (raw, client) => ((await unlockByToken(raw, client)) ? "/connexion?notice=unlocked" : "refused"),
  },
});
