import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { db, type Prisma } from "@/lib/db";
import type { ClientInfo } from "@/lib/request/client-info";
import { dropDevicePaths } from "./lockout";
import { allowAttempt } from "@/lib/rate-limit";
import { authSecret } from "@/lib/auth-secret";
import { digestSecret, newSecret } from "./secrets";
import { recordSecurityEvent } from "./security-events";
import { secureCookies } from "@/lib/request/cookies";

// Known devices: after a successful sign-in the browser gets a long-lived,
// signed, httpOnly cookie bound to the user. Sign-ins that present it have
// their own lock path ("device:<id>", lockout.ts) and their own rate limit,
// apart from those shared by every other device: a stranger who locks the
// account from elsewhere, or spends its sign-in budget, does not shut out
// its owner's browser. The sign-in writes the row (sign-in-store.ts).
// Owns: the known_devices table and the device cookie.

export const DEVICE_COOKIE = secureCookies() ? "__Host-sesame.device" : "sesame.device";
const DEVICE_MAX_AGE_DAYS = 365;

/** "Last use" is shown to the minute; refreshing it on every sign-in would add a write to the hot path. */
export const LAST_USED_EVERY_MS = 5 * 60_000;

function signature(raw: string): string {
  return createHmac("sha256", `${authSecret()}:device-cookie`).update(raw).digest("base64url");
}

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

export type DeviceCookie = { name: string; value: string; maxAge: number; secure: boolean };

/** A new browser's identity: the cookie to set, and the digest its known_devices row stores. */
export function newDeviceCookie(): { digest: string; cookie: DeviceCookie } {
  const raw = newSecret();
  return {
    digest: digestSecret(raw),
    cookie: {
      name: DEVICE_COOKIE,
      value: `${raw}.${signature(raw)}`,
      maxAge: DEVICE_MAX_AGE_DAYS * 24 * 3600,
      secure: secureCookies(),
    },
  };
}

/** Forgets every known device of a user, and their lock paths (password reset, sign out everywhere). */
export async function forgetAllDevices(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  const result = await tx.knownDevice.deleteMany({ where: { userId } });
  await dropDevicePaths(tx, userId);
  return result.count;
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
