import "server-only";
import { db, Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/http/client-info";
import { describeUserAgent } from "@/lib/http/user-agent";
import { isLocale } from "@/lib/i18n/config";
import { appLink, queueEmail } from "@/lib/mail";
import { allowEmailRequest, deliveryOf, nothingToDeliver, type DeferredRequest } from "./email-requests";
import { recordSecurityEvent } from "./security-events";
import { consumeToken, issueToken } from "./tokens";

// Lockable: counts wrong passwords, warns when one try is left, locks at the
// maximum and emails an unlock link; unlocks by that link, by itself after
// LOCKOUT_UNLOCK_AFTER_MINUTES, or by a password reset.
//
// A user has several lock paths: the account's own counter, shared by every
// unknown device (users.failed_attempts, users.locked_at), and one per known
// device (known_devices, see known-device.ts). Each path runs the same
// sequence; unlocking clears every path of the user.
// Owns: the counters and locks of both tables, unlock tokens; settings
// LOCKOUT_MAX_ATTEMPTS, LOCKOUT_UNLOCK_AFTER_MINUTES, UNLOCK_TOKEN_TTL_HOURS.

type Tx = Prisma.TransactionClient;

export type FailureOutcome = "invalidCredentials" | "lastAttempt" | "locked";

export type LockPath = { kind: "account"; userId: string } | { kind: "device"; userId: string; deviceId: string };

/** The path a sign-in takes: the user's known device when the browser proved it, else the shared one. */
export function lockPathFor(userId: string, device: { id: string } | null): LockPath {
  return device ? { kind: "device", userId, deviceId: device.id } : { kind: "account", userId };
}

const table = (path: LockPath) => Prisma.raw(path.kind === "account" ? "users" : "known_devices");
const rowId = (path: LockPath) => (path.kind === "account" ? path.userId : path.deviceId);

export function lockoutSettings() {
  const { LOCKOUT_MAX_ATTEMPTS, LOCKOUT_UNLOCK_AFTER_MINUTES } = env();
  return { maxAttempts: LOCKOUT_MAX_ATTEMPTS, unlockAfterMinutes: LOCKOUT_UNLOCK_AFTER_MINUTES };
}

/**
 * Is this path locked now? A lock older than the automatic-unlock delay is
 * lifted here (conditionally, so two requests lift it once), so that a
 * stranger cannot keep a user out for ever.
 */
export async function isLocked(path: LockPath, lockedAt: Date | null, client?: ClientInfo): Promise<boolean> {
  if (!lockedAt) return false;
  const expiry = lockedAt.getTime() + lockoutSettings().unlockAfterMinutes * 60_000;
  if (now().getTime() < expiry) return true;
  await db.$transaction(async (tx) => {
    const lifted = await tx.$executeRaw`
      UPDATE ${table(path)} SET locked_at = NULL, failed_attempts = 0
      WHERE id = ${rowId(path)}::uuid AND locked_at = ${lockedAt}::timestamp`;
    if (lifted === 1) await recordSecurityEvent(tx, "account.unlocked", path.userId, client);
  });
  return false;
}

type RecentFailure = { at: Date; ip: string | null; device: string };

async function recentFailures(tx: Tx, userId: string): Promise<RecentFailure[]> {
  const events = await tx.securityEvent.findMany({
    where: { userId, type: "signin.failure" },
    orderBy: { createdAt: "desc" },
    take: 5,
    select: { createdAt: true, ip: true, userAgent: true },
  });
  return events.map((event) => ({ at: event.createdAt, ip: event.ip, device: describeUserAgent(event.userAgent) }));
}

async function queueUnlockEmail(tx: Tx, userId: string, lockedPath?: LockPath["kind"]): Promise<void> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, pseudo: true, locale: true, _count: { select: { knownDevices: true } } },
  });
  const raw = await issueToken(tx, userId, "unlock");
  const { maxAttempts, unlockAfterMinutes } = lockoutSettings();
  const locale = isLocale(user.locale) ? user.locale : "fr";
  await queueEmail(tx, {
    template: "unlock-account",
    to: user.email,
    locale,
    props: {
      pseudo: user.pseudo,
      url: appLink(`/deverrouillage/${raw}`),
      attempts: maxAttempts,
      minutes: unlockAfterMinutes,
      failures: (await recentFailures(tx, userId)).map((failure) => ({
        at: failure.at.toISOString(),
        ip: failure.ip ?? "?",
        device: failure.device,
      })),
      // A stranger locked the shared path: the owner's known browsers still work.
      knownDevicesStillWork: lockedPath === "account" && user._count.knownDevices > 0,
      thisDeviceOnly: lockedPath === "device",
    },
    helpAnchor: "compte-verrouille",
  });
}

/**
 * Counts one wrong password on a path. The increment is a single
 * conditional UPDATE, so parallel failures never lose a count, and only the
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
  const counted = await db.$queryRaw<{ failed_attempts: number }[]>`
    WITH counted AS (
      UPDATE ${table(path)} SET failed_attempts = failed_attempts + 1
      WHERE id = ${rowId(path)}::uuid AND locked_at IS NULL AND failed_attempts + 1 < ${maxAttempts}
      RETURNING failed_attempts
    ), journal AS (
      INSERT INTO security_events (id, user_id, type, ip, user_agent, created_at)
      SELECT gen_random_uuid(), ${path.userId}::uuid, 'signin.failure', ${client?.ip ?? null}, ${client?.userAgent ?? null}, ${at}::timestamp
      FROM counted
    )
    SELECT failed_attempts FROM counted`;
  const row = counted[0];
  if (row) return row.failed_attempts === maxAttempts - 1 ? "lastAttempt" : "invalidCredentials";
  return lockOnFailure(path, maxAttempts, at, client);
}

async function lockOnFailure(path: LockPath, maxAttempts: number, at: Date, client?: ClientInfo): Promise<FailureOutcome> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ failed_attempts: number }[]>`
      UPDATE ${table(path)}
      SET failed_attempts = failed_attempts + 1,
          locked_at = CASE WHEN failed_attempts + 1 >= ${maxAttempts} THEN ${at}::timestamp ELSE NULL END
      WHERE id = ${rowId(path)}::uuid AND locked_at IS NULL
      RETURNING failed_attempts`;
    const row = rows[0];
    await recordSecurityEvent(tx, "signin.failure", path.userId, client);
    if (!row) return "locked";
    if (row.failed_attempts >= maxAttempts) {
      await recordSecurityEvent(tx, path.kind === "device" ? "device.locked" : "account.locked", path.userId, client);
      await queueUnlockEmail(tx, path.userId, path.kind);
      return "locked";
    }
    return row.failed_attempts === maxAttempts - 1 ? "lastAttempt" : "invalidCredentials";
  });
}

/**
 * A successful sign-in forgets the path's earlier mistakes and is journaled,
 * in one statement, together with `alongside` (the session it opens), which
 * takes its rows from the reset and so happens only with it. False when the
 * path was locked after all (by a parallel request since it was read): the
 * lock wins over the right password, and nothing is written. A success on a
 * known device leaves the shared counter alone, or a stranger guessing
 * elsewhere would get fresh tries each time the owner signs in.
 */
export async function recordSuccessfulSignIn(
  path: LockPath,
  client: ClientInfo,
  alongside: (reset: Prisma.Sql) => Prisma.Sql,
): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH reset AS (
      UPDATE ${table(path)} SET failed_attempts = 0 WHERE id = ${rowId(path)}::uuid AND locked_at IS NULL RETURNING id
    ), alongside AS (${alongside(Prisma.sql`reset`)} RETURNING 1)
    INSERT INTO security_events (id, user_id, type, ip, user_agent, created_at)
    SELECT gen_random_uuid(), ${path.userId}::uuid, 'signin.success', ${client.ip}, ${client.userAgent}, ${now()}::timestamp
    FROM reset
    RETURNING user_id AS id`;
  return rows.length === 1;
}

/** Clears every lock and counter of a user, inside a caller's transaction (unlock link, password reset). */
export async function unlockAccount(tx: Tx, userId: string): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { lockedAt: null, failedAttempts: 0 } });
  await tx.knownDevice.updateMany({ where: { userId }, data: { lockedAt: null, failedAttempts: 0 } });
}

/** Whether any path of the user is locked now (the re-send page does not say which). */
async function hasLock(userId: string, client?: ClientInfo): Promise<boolean> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { lockedAt: true, knownDevices: { where: { lockedAt: { not: null } }, select: { id: true, lockedAt: true } } },
  });
  if (!user) return false;
  const checks = [
    isLocked({ kind: "account", userId }, user.lockedAt, client),
    ...user.knownDevices.map((device) => isLocked({ kind: "device", userId, deviceId: device.id }, device.lockedAt, client)),
  ];
  return (await Promise.all(checks)).some(Boolean);
}

/**
 * The /deverrouillage form: a locked account gets a fresh unlock email (older
 * links stop working). Unknown and unlocked addresses get nothing; the answer
 * is "sent" for all, and the work runs in `delivery`, after the response.
 */
export async function requestUnlock(email: string, client: ClientInfo): Promise<DeferredRequest<"sent">> {
  if (!(await allowEmailRequest(email, client))) return { outcome: "rateLimited", delivery: nothingToDeliver };
  const delivery = deliveryOf("unlock-account", async () => {
    const user = await db.user.findUnique({ where: { email }, select: { id: true } });
    if (!user || !(await hasLock(user.id, client))) return false;
    await db.$transaction((tx) => queueUnlockEmail(tx, user.id));
    return true;
  });
  return { outcome: "sent", delivery };
}

/** The link of the unlock email: clears every path. False when the link is unknown, used, expired or not an unlock link. */
export async function unlockByToken(raw: unknown, client?: ClientInfo): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const userId = await consumeToken(tx, raw, "unlock");
    if (!userId) return false;
    await unlockAccount(tx, userId);
    await recordSecurityEvent(tx, "account.unlocked", userId, client);
    return true;
  });
}
