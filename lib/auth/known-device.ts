import "server-only";
import { db, Prisma } from "@/lib/db";
import { gatedWrite, type GatedWrite } from "@/lib/db/gated-write";
import type { ClientInfo } from "@/lib/request/client-info";
import { dropDevicePaths } from "./lockout";
import { allowAttempt } from "@/lib/rate-limit";
import { digestSecret, newSecret } from "./secrets";
import { recordSecurityEvent } from "./security-events";
import type { AppCookie } from "@/lib/request/cookies";
import { signedCookie } from "@/lib/request/signed-cookie";

// Known devices: after a successful sign-in the browser gets a long-lived,
// signed, httpOnly cookie bound to the user. Sign-ins that present it have
// their own lock path ("device:<id>", lockout.ts) and their own rate limit,
// apart from those shared by every other device: a stranger who locks the
// account from elsewhere, or spends its sign-in budget, does not shut out
// its owner's browser. The sign-in writes the row in its own statement, with
// the fragment made here (deviceWrite).
// Owns: the known_devices table and the device cookie.

const DEVICE_MAX_AGE_DAYS = 365;
const deviceCookie = signedCookie("device", "sesame.device", DEVICE_MAX_AGE_DAYS * 24 * 3600);
export const DEVICE_COOKIE = deviceCookie.name;

/** "Last use" is shown to the minute; refreshing it on every sign-in would add a write to the hot path. */
export const LAST_USED_EVERY_MS = 5 * 60_000;

/** The cookie's random part, when its signature holds and its year has not passed. */
export function readDeviceCookie(value: string | undefined): string | undefined {
  return randomPart(deviceCookie.verify(value));
}

/** The random part of the device cookie the current request carries, when it verifies. */
export async function requestDeviceToken(): Promise<string | undefined> {
  return randomPart(await deviceCookie.read());
}

const randomPart = (raw: string | undefined) => (raw && /^[A-Za-z0-9_-]{43}$/.test(raw) ? raw : undefined);

export type DeviceCookie = AppCookie;

/** A new browser's identity: the cookie to set, and the digest its known_devices row stores. */
export function newDeviceCookie(): { digest: string; cookie: DeviceCookie } {
  const raw = newSecret();
  return { digest: digestSecret(raw), cookie: deviceCookie.issue(raw) };
}

/**
 * The browser a sign-in comes from: a known one (its row and last use) or a
 * new one (its cookie's digest); `twoStepSkipUntil` when the second step's
 * "Ne plus demander sur ce navigateur" was ticked (two-step.ts): the choice
 * is a column of the browser's row, so whatever forgets the browser (sign
 * out everywhere, a reset, "Ce n'était pas moi", the button on /compte)
 * forgets the choice with it.
 */
export type SignInBrowser = ({ known: { id: string; lastUsedAt: Date } } | { newDigest: string }) & { twoStepSkipUntil?: Date };

/**
 * What a successful sign-in writes about its browser, as a gated statement's
 * fragment (lib/db/gated-write.ts): a new browser is remembered, a known
 * one's last use refreshed, though not more often than LAST_USED_EVERY_MS
 * (null: nothing to write).
 */
export function deviceWrite(browser: SignInBrowser, client: ClientInfo, at: Date): GatedWrite | null {
  const skipUntil = browser.twoStepSkipUntil ?? null;
  if ("newDigest" in browser)
    return gatedWrite(Prisma.sql`
      INSERT INTO known_devices (id, user_id, token_hash, ip, user_agent, created_at, last_used_at, two_step_skip_until)
      SELECT gen_random_uuid(), user_id, ${browser.newDigest}, ${client.ip}, ${client.userAgent}, ${at}::timestamp, ${at}::timestamp,
             ${skipUntil}::timestamp
      FROM gate`);
  if (skipUntil)
    return gatedWrite(Prisma.sql`
      UPDATE known_devices SET last_used_at = ${at}::timestamp, ip = ${client.ip}, user_agent = ${client.userAgent},
             two_step_skip_until = ${skipUntil}::timestamp
      WHERE id = ${browser.known.id}::uuid AND EXISTS (SELECT 1 FROM gate)`);
  if (at.getTime() - browser.known.lastUsedAt.getTime() <= LAST_USED_EVERY_MS) return null;
  return gatedWrite(Prisma.sql`
    UPDATE known_devices SET last_used_at = ${at}::timestamp, ip = ${client.ip}, user_agent = ${client.userAgent}
    WHERE id = ${browser.known.id}::uuid AND EXISTS (SELECT 1 FROM gate)`);
}

/** Forgets every known device of a user, and their lock paths (password reset, sign out everywhere). */
export async function forgetAllDevices(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  const result = await tx.knownDevice.deleteMany({ where: { userId } });
  await dropDevicePaths(tx, userId);
  return result.count;
}

/** Two-step verification turned off: no browser of the user skips a code any more, should it be turned on again. */
export async function forgetTwoStepSkips(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.knownDevice.updateMany({ where: { userId }, data: { twoStepSkipUntil: null } });
}

/** The user's known devices with their last use, newest first; `current` marks the browser asking. */
export async function listKnownDevices(userId: string, currentToken?: string) {
  const devices = await db.knownDevice.findMany({
    where: { userId },
    orderBy: { lastUsedAt: "desc" },
    select: { id: true, tokenHash: true, userAgent: true, ip: true, lastUsedAt: true },
  });
  const currentHash = currentToken ? digestSecret(currentToken) : undefined;
  return devices.map(({ tokenHash, ...device }) => ({ ...device, current: tokenHash === currentHash }));
}

export type ForgetDeviceResult = "forgotten" | "notFound" | "rateLimited";

/** Forgets one known device of this user (the button on /compte), with its lock path. */
export async function forgetDevice(userId: string, deviceId: string, client: ClientInfo): Promise<ForgetDeviceResult> {
  if (!(await allowAttempt("deviceForget", userId))) return "rateLimited";
  return db.$transaction(async (tx) => {
    const result = await tx.knownDevice.deleteMany({ where: { id: deviceId, userId } });
    if (result.count !== 1) return "notFound";
    await dropDevicePaths(tx, userId, deviceId);
    await recordSecurityEvent(tx, "device.forgotten", userId, client);
    return "forgotten";
  });
}
