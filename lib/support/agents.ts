import "server-only";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { digestSecret } from "@/lib/auth/secrets";
import { keepSupportSessionActive } from "@/lib/auth/session";

// Who is a support agent, and whether their session may use the console.
// A confirmed account whose email is listed in SUPPORT_STAFF; nothing else
// grants the role, and nothing about it is kept in the session or the
// cookie: every request reads the account and the list again, so removing an
// address (or the account changing its email) ends the role on the next request.
// Owns: sessions.support_seen_at; settings SUPPORT_STAFF, SUPPORT_IDLE_MINUTES,
// SUPPORT_ACTION_SESSION_MINUTES.

export type Agent = { id: string; pseudo: string; email: string; sessionOpenedAt: Date };

/** The listed addresses, trimmed and lower-cased (emails are stored lower-cased). */
export function supportStaff(): Set<string> {
  return new Set(
    env()
      .SUPPORT_STAFF.split(",")
      .map((entry) => entry.trim().toLowerCase())
      .filter(Boolean),
  );
}

export type AgentCheck = { kind: "agent"; agent: Agent } | { kind: "none" } | { kind: "idle" };

/**
 * The console's check for one request: `none` for anyone who is not an agent
 * (the caller answers 404), `idle` when the agent's session has not used
 * /support for SUPPORT_IDLE_MINUTES (the session is then closed: a
 * forgotten console tab must not stay open on every account), else the agent.
 *
 * The idle clock runs from the session's last /support request, or its
 * sign-in when it has made none. Taking the next step is one conditional
 * update, so two requests at the edge cannot both revive an expired session.
 * A request that is no activity of the agent's (`activity: false`: a page
 * another site sent the browser to) is checked against the clock without
 * moving it, so a stranger's page cannot keep a forgotten console open.
 */
export async function checkAgent(
  userId: string | null | undefined,
  sessionId: string | undefined,
  options: { activity?: boolean } = {},
): Promise<AgentCheck> {
  if (!userId || !sessionId) return { kind: "none" };
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, pseudo: true, email: true, emailVerified: true } });
  if (!user || user.emailVerified === null || !supportStaff().has(user.email.toLowerCase())) return { kind: "none" };
  const session = await db.session.findUnique({
    where: { sessionToken: digestSecret(sessionId) },
    select: { id: true, userId: true, expires: true, createdAt: true, supportSeenAt: true },
  });
  const at = now();
  if (!session || session.userId !== user.id || session.expires <= at) return { kind: "none" };
  const cutoff = new Date(at.getTime() - env().SUPPORT_IDLE_MINUTES * 60_000);
  const active = await keepSupportSessionActive(session.id, cutoff, at, options.activity !== false);
  if (!active) return { kind: "idle" };
  return { kind: "agent", agent: { id: user.id, pseudo: user.pseudo, email: user.email, sessionOpenedAt: session.createdAt } };
}

/** Actions change someone else's account: they need a session signed in within SUPPORT_ACTION_SESSION_MINUTES. */
export function sessionFreshForActions(agent: Agent): boolean {
  return now().getTime() - agent.sessionOpenedAt.getTime() <= env().SUPPORT_ACTION_SESSION_MINUTES * 60_000;
}
