import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db, Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/http/client-info";
import { forgetAllDevices } from "./known-device";
import { allowAttempt } from "./rate-limit";
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

export function digestSessionId(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex");
}

/**
 * A new session for a user who just proved who they are: the random id for
 * the cookie, and the statement that stores its row for each row `source`
 * yields, so a caller can make the session depend on its own write in the
 * same statement (a sign-in opens one only if the lock did not land first).
 */
export function newSession(userId: string, client: ClientInfo): { sessionId: string; insertFrom: (source: Prisma.Sql) => Prisma.Sql } {
  const sessionId = randomBytes(32).toString("base64url");
  const at = now();
  const expires = new Date(at.getTime() + sessionMaxAgeSeconds() * 1000);
  return {
    sessionId,
    insertFrom: (source) => Prisma.sql`
      INSERT INTO sessions (id, session_token, user_id, expires, ip, user_agent, created_at, last_seen_at)
      SELECT gen_random_uuid(), ${digestSessionId(sessionId)}, ${userId}::uuid, ${expires}::timestamp, ${client.ip}, ${client.userAgent}, ${at}::timestamp, ${at}::timestamp
      FROM ${source}`,
  };
}

/** The user of a live session, or null when it was revoked or has expired. */
export async function resolveSession(sessionId: unknown): Promise<string | null> {
  if (typeof sessionId !== "string" || sessionId.length > 100) return null;
  const row = await db.session.findUnique({
    where: { sessionToken: digestSessionId(sessionId) },
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
  await db.session.deleteMany({ where: { sessionToken: digestSessionId(sessionId) } });
}

/** Ends every session of a user, inside the caller's transaction. */
export async function closeAllSessions(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  const result = await tx.session.deleteMany({ where: { userId } });
  return result.count;
}

/**
 * "Sign out everywhere": ends every session of the user, this one included,
 * and forgets every known browser.
 */
export async function signOutEverywhere(userId: string, client: ClientInfo): Promise<boolean> {
  if (!(await allowAttempt("signinAccount", `everywhere:${userId}`))) return false;
  return db.$transaction(async (tx) => {
    await closeAllSessions(tx, userId);
    await forgetAllDevices(tx, userId);
    await recordSecurityEvent(tx, "signout.everywhere", userId, client);
    return true;
  });
}
