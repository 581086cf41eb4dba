import "server-only";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { allowAttempt } from "@/lib/rate-limit";
import { twoStepSummary } from "@/lib/auth/two-step";
import { listLockPaths } from "@/lib/auth/lockout";
import { recordSecurityEvent } from "@/lib/auth/security-events";
import type { ClientInfo } from "@/lib/request/client-info";
import { describeUserAgent } from "@/lib/auth/user-agent";
import { liveTokensOf } from "@/lib/auth/tokens";
import { isSuppressed } from "@/lib/mail/delivery";
import type { Agent } from "./agents";

// What an agent sees: the search and the account view of docs/support.md. Every read
// here picks its columns: no token, digest, password hash, email body or
// email props (which hold the links) ever leaves this module.

export const SEARCH_RESULTS = 20;

export type SearchResult = { id: string; pseudo: string; email: string; confirmed: boolean };

/**
 * Accounts whose email or pseudo is, or starts with, the query (ignoring
 * case), at most SEARCH_RESULTS. Counted against the agent's own limit and
 * journaled: looking people up is itself something to account for.
 */
export async function searchAccounts(
  agent: Agent,
  query: string,
  client: ClientInfo,
): Promise<{ ok: true; results: SearchResult[] } | { ok: false; code: "rateLimited" }> {
  if (!(await allowAttempt("supportSearch", agent.id))) return { ok: false, code: "rateLimited" };
  const prefix = query.trim().toLowerCase();
  await db.$transaction((tx) => recordSecurityEvent(tx, "support.search", null, client, { actorId: agent.id, reason: prefix }));
  // Prisma passes startsWith to LIKE as is: escaped, % and _ are characters, never patterns.
  const literal = prefix.replace(/[\\%_]/g, (character) => `\\${character}`);
  const users = await db.user.findMany({
    where: { OR: [{ email: { startsWith: literal } }, { pseudoKey: { startsWith: literal } }] },
    orderBy: { email: "asc" },
    take: SEARCH_RESULTS,
    select: { id: true, pseudo: true, email: true, emailVerified: true },
  });
  return {
    ok: true,
    results: users.map((user) => ({ id: user.id, pseudo: user.pseudo, email: user.email, confirmed: user.emailVerified !== null })),
  };
}

/** The account view of docs/support.md, or null when there is no such account. */
export async function accountView(userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, pseudo: true, email: true, emailVerified: true, locale: true, createdAt: true, deletionDueAt: true },
  });
  if (!user) return null;
  const at = now();
  const [lockPaths, emails, devices, sessions, events, requests, tokens, suppressed, twoStep] = await Promise.all([
    listLockPaths(user.id),
    db.outboxEmail.findMany({
      where: { to: user.email },
      orderBy: { createdAt: "desc" },
      take: 30,
      select: {
        id: true,
        subject: true,
        createdAt: true,
        sentAt: true,
        delivery: true,
        deliveryAt: true,
        bounceType: true,
        bounceReason: true,
      },
    }),
    db.knownDevice.findMany({
      where: { userId: user.id },
      orderBy: { lastUsedAt: "desc" },
      select: { id: true, userAgent: true, ip: true, createdAt: true, lastUsedAt: true },
    }),
    db.session.findMany({
      where: { userId: user.id, expires: { gt: at } },
      orderBy: { lastSeenAt: "desc" },
      select: { id: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true },
    }),
    db.securityEvent.findMany({
      where: { userId: user.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 50,
      select: { id: true, type: true, ip: true, userAgent: true, createdAt: true, reason: true },
    }),
    db.contactRequest.findMany({
      where: { email: user.email },
      orderBy: { createdAt: "desc" },
      select: { id: true, subject: true, createdAt: true, status: true },
    }),
    liveTokensOf(user.id),
    isSuppressed(user.email),
    // Whether it is on and how many recovery codes remain: never the secret, and no action turns it off (docs/support.md).
    twoStepSummary(user.id),
  ]);
  return {
    user: {
      id: user.id,
      pseudo: user.pseudo,
      email: user.email,
      confirmed: user.emailVerified !== null,
      createdAt: user.createdAt,
      // "Suppression prévue le …": support sees it and can neither cancel nor hasten it (lib/privacy/deletion.ts).
      deletionDueAt: user.deletionDueAt,
    },
    suppressed,
    twoStep,
    lockPaths,
    emails,
    devices: devices.map(({ userAgent, ...device }) => ({ ...device, device: describeUserAgent(userAgent) })),
    sessions: sessions.map(({ userAgent, ...session }) => ({ ...session, device: describeUserAgent(userAgent) })),
    events,
    requests,
    tokens,
  };
}

export type AccountView = NonNullable<Awaited<ReturnType<typeof accountView>>>;
