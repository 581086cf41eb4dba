import "server-only";
import { db, type Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/request/client-info";
import { forgetAllDevices } from "./known-device";
import { allowAttempt } from "@/lib/rate-limit";
import { digestSecret } from "./secrets";
import { recordSecurityEvent } from "./security-events";

// Server-side sessions behind Auth.js's JWT cookie. The cookie carries a
// random session id; the sessions table holds its digest. Every request
// checks that row (one primary-key lookup), so deleting it ends the session
// at once: signing out, and a password reset that ends every session.
// Owns: the sessions table; setting SESSION_MAX_AGE_DAYS.

const LAST_SEEN_EVERY_MS = 5 * 60_000;

export function sessionMaxAgeSeconds(): number {
  return env().SESSION_MAX_AGE_DAYS * 24 * 3600;
}

/** When a session opened at `at` ends. */
export function sessionExpiry(at: Date): Date {
  return new Date(at.getTime() + sessionMaxAgeSeconds() * 1000);
}

/** The user of a live session, or null when it was revoked or has expired. */
export async function resolveSession(sessionId: unknown): Promise<string | null> {
  if (typeof sessionId !== "string" || sessionId.length > 100) return null;
  const row = await db.session.findUnique({
    where: { sessionToken: digestSecret(sessionId) },
    select: { id: true, userId: true, expires: true, lastSeenAt: true },
  });
  const at = now();
  if (!row || row.expires <= at) return null;
  if (at.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_EVERY_MS) {
    await db.session.updateMany({ where: { id: row.id }, data: { lastSeenAt: at } });
  }
  return row.userId;
}

export async function closeSession(sessionId: unknown): Promise<void> {
  if (typeof sessionId !== "string") return;
  await db.session.deleteMany({ where: { sessionToken: digestSecret(sessionId) } });
}

/** Ends every session of a user, inside the caller's transaction. */
export async function closeAllSessions(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  const result = await tx.session.deleteMany({ where: { userId } });
  return result.count;
}

/**
 * "Sign out everywhere": ends every session of the user, this one included,
 * and forgets every known browser; or, over its own limit, does nothing and
 * says so (the page must not claim a sign-out that did not happen).
 */
export async function signOutEverywhere(userId: string, client: ClientInfo): Promise<"done" | "rateLimited"> {
  if (!(await allowAttempt("signOutEverywhere", userId))) return "rateLimited";
  await db.$transaction(async (tx) => {
    await closeAllSessions(tx, userId);
    await forgetAllDevices(tx, userId);
    await recordSecurityEvent(tx, "signout.everywhere", userId, client);
  });
  return "done";
}
