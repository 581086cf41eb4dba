import "server-only";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { db, type Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { isProduction } from "@/lib/env";
import type { ClientInfo } from "@/lib/http/client-info";
import { allowAttempt } from "./rate-limit";
import { authSecret } from "./secret";
import { recordSecurityEvent } from "./security-events";

// Known devices: after a successful sign-in the browser gets a long-lived,
// signed, httpOnly cookie bound to the user. Sign-ins that present it have
// their own failure counter and lock (known_devices), separate from the
// counter shared by every other device (users): a stranger who locks the
// account from elsewhere does not lock out its owner's browser.
// Owns: the known_devices table and the device cookie.

export const DEVICE_COOKIE = isProductionCookie() ? "__Host-sesame.device" : "sesame.device";
const DEVICE_MAX_AGE_DAYS = 365;

function isProductionCookie(): boolean {
  try {
    return isProduction();
  } catch {
    return false;
  }
}

export type KnownDevice = { id: string; userId: string; lockedAt: Date | null; lastUsedAt: Date };

/** "Last use" is shown to the minute; refreshing it on every sign-in would add a write to the hot path. */
const LAST_USED_EVERY_MS = 5 * 60_000;

function signature(raw: string): string {
  return createHmac("sha256", `${authSecret()}:device-cookie`).update(raw).digest("base64url");
}

const digest = (raw: string) => createHash("sha256").update(raw).digest("hex");

/** The cookie's random part, when its signature holds. */
export function readDeviceCookie(value: string | undefined): string | undefined {
  if (!value || value.length > 200) return undefined;
  const [raw, signed] = value.split(".");
  if (!raw || !signed || !/^[A-Za-z0-9_-]{43}$/.test(raw)) return undefined;
  const expected = Buffer.from(signature(raw));
  const given = Buffer.from(signed);
  return expected.length === given.length && timingSafeEqual(expected, given) ? raw : undefined;
}

/** The device cookie from a request's Cookie header. */
export function deviceCookieFrom(cookieHeader: string | null): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === DEVICE_COOKIE) return readDeviceCookie(part.slice(index + 1).trim());
  }
  return undefined;
}

/** The known device of this user that the raw cookie value names, if any. */
export async function findKnownDevice(raw: string | undefined, userId: string): Promise<KnownDevice | null> {
  if (!raw) return null;
  const device = await db.knownDevice.findUnique({
    where: { tokenHash: digest(raw) },
    select: { id: true, userId: true, lockedAt: true, lastUsedAt: true },
  });
  return device && device.userId === userId ? device : null;
}

export type DeviceCookie = { name: string; value: string; maxAge: number; secure: boolean };

/**
 * After a successful sign-in: refreshes the known device, or registers this
 * browser as a new one and returns the cookie to set.
 */
export async function rememberDevice(userId: string, device: KnownDevice | null, client: ClientInfo): Promise<DeviceCookie | null> {
  const at = now();
  if (device) {
    if (at.getTime() - device.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
      await db.knownDevice.update({ where: { id: device.id }, data: { lastUsedAt: at, ip: client.ip, userAgent: client.userAgent } });
    }
    return null;
  }
  const raw = randomBytes(32).toString("base64url");
  await db.knownDevice.create({
    data: { userId, tokenHash: digest(raw), ip: client.ip, userAgent: client.userAgent, createdAt: at, lastUsedAt: at },
  });
  return {
    name: DEVICE_COOKIE,
    value: `${raw}.${signature(raw)}`,
    maxAge: DEVICE_MAX_AGE_DAYS * 24 * 3600,
    secure: isProductionCookie(),
  };
}

/** Forgets every known device of a user (password reset, sign out everywhere). */
export async function forgetAllDevices(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  const result = await tx.knownDevice.deleteMany({ where: { userId } });
  return result.count;
}

/** The user's known devices with their last use, newest first; `current` marks the browser asking. */
export async function listKnownDevices(userId: string, currentToken?: string) {
  const devices = await db.knownDevice.findMany({
    where: { userId },
    orderBy: { lastUsedAt: "desc" },
    select: { id: true, tokenHash: true, userAgent: true, ip: true, lastUsedAt: true },
  });
  const currentHash = currentToken ? digest(currentToken) : undefined;
  return devices.map(({ tokenHash, ...device }) => ({ ...device, current: tokenHash === currentHash }));
}

/** Forgets one known device of this user (the button on /compte). False when it is not theirs, or too many tries. */
export async function forgetDevice(userId: string, deviceId: string, client: ClientInfo): Promise<boolean> {
  if (!(await allowAttempt("signinAccount", `devices:${userId}`))) return false;
  return db.$transaction(async (tx) => {
    const result = await tx.knownDevice.deleteMany({ where: { id: deviceId, userId } });
    if (result.count === 1) await recordSecurityEvent(tx, "device.forgotten", userId, client);
    return result.count === 1;
  });
}
