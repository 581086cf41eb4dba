import "server-only";
import { db, Prisma } from "@/lib/db";
import { gatedWrite, type GatedWrite } from "@/lib/db/gated-write";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/request/client-info";
import { forgetAllDevices } from "./known-device";
import { allowAttempt } from "@/lib/rate-limit";
import { digestSecret } from "./secrets";
import { recordSecurityEvent } from "./security-events";
import { endOidcAccess } from "./oidc/access";

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

/** A new session, as a gated statement's fragment (lib/db/gated-write.ts): the sign-in opens it only if its gate passes. */
export function sessionWrite(sessionId: string, client: ClientInfo, at: Date): GatedWrite {
  return gatedWrite(Prisma.sql`
    INSERT INTO sessions (id, session_token, user_id, expires, ip, user_agent, created_at, last_seen_at)
    SELECT gen_random_uuid(), ${digestSecret(sessionId)}, user_id, ${sessionExpiry(at)}::timestamp, ${client.ip}, ${client.userAgent},
           ${at}::timestamp, ${at}::timestamp
    FROM gate`);
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

/** Ends every session of a user but the one asking (a password change), inside the caller's transaction. */
export async function closeOtherSessions(tx: Prisma.TransactionClient, userId: string, keptSessionId: string): Promise<number> {
  const result = await tx.session.deleteMany({ where: { userId, NOT: { sessionToken: digestSecret(keptSessionId) } } });
  return result.count;
}

/**
 * The support console's idle clock on a session (docs/support.md): its last
 * console request moves to `at` if it was at or after `cutoff` (or, before any,
 * if the session opened after it); otherwise the session ends. True while active.
 */
export async function keepSupportSessionActive(sessionRowId: string, cutoff: Date, at: Date, touch = true): Promise<boolean> {
  const where = { id: sessionRowId, OR: [{ supportSeenAt: { gte: cutoff } }, { supportSeenAt: null, createdAt: { gte: cutoff } }] };
  // A visit that is not the agent's own (a cross-site link) may only find the session idle, never revive it.
  const count = touch ? (await db.session.updateMany({ where, data: { supportSeenAt: at } })).count : await db.session.count({ where });
  if (count > 0) return true;
  await db.session.deleteMany({ where: { id: sessionRowId } });
  return false;
}

/**
 * Ends every session of a user, inside the caller's transaction: Sésame's,
 * and what the applications it signed in to hold (the provider's sessions,
 * codes and tokens, refresh tokens included; lib/auth/oidc/access.ts), each
 * told by back-channel logout. Every "end everything" path comes here: "Se
 * déconnecter partout", a reset, "Ce n'était pas moi", support's sign-out, a
 * closure. The logouts leave after the caller's statements; one sent for a
 * transaction that then fails only makes the user sign in to that application again.
 */
export async function closeAllSessions(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  const result = await tx.session.deleteMany({ where: { userId } });
  const oidc = await endOidcAccess(tx, userId);
  oidc.notify();
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
