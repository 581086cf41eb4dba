import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { hashPassword } from "@/lib/auth/password-hash";
import { renderedContent } from "@/lib/mail/mailbox";
import { digestSecret, newSecret } from "@/lib/auth/secrets";
import { sessionExpiry } from "@/lib/auth/session";
import type { ClientInfo } from "@/lib/request/client-info";

// Test data: users, clients, and the emails they were sent.

export const PASSWORD = "Givre-Tulipe-Kayak-73";
let passwordHash: Promise<string> | undefined;

export const client: ClientInfo = { ip: "203.0.113.7", userAgent: "Vitest" };

/** A client with its own IP address, so that rate limits of one test do not touch another. */
export function freshClient(): ClientInfo {
  return { ip: `198.51.100.${randomBytes(1)[0]}-${randomBytes(3).toString("hex")}`, userAgent: "Vitest" };
}

export async function createUser(options: { confirmed?: boolean; pseudo?: string; email?: string; locale?: string } = {}) {
  const suffix = randomBytes(4).toString("hex");
  const pseudo = options.pseudo ?? `user_${suffix}`;
  passwordHash ??= hashPassword(PASSWORD);
  return db.user.create({
    data: {
      pseudo,
      pseudoKey: pseudo.toLowerCase(),
      email: options.email ?? `${pseudo.toLowerCase()}@example.test`,
      passwordHash: await passwordHash,
      emailVerified: options.confirmed === false ? null : now(),
      locale: options.locale ?? "fr",
    },
  });
}

/** Emails queued for an address (of one template, if named), oldest first, with their content as the recipient reads it. */
export async function emailsTo(address: string, template?: string) {
  const rows = await db.outboxEmail.findMany({ where: { to: address, ...(template ? { template } : {}) }, orderBy: { createdAt: "asc" } });
  return Promise.all(rows.map(async (row) => ({ ...row, ...(await renderedContent(row)) })));
}

/** The token carried by the first link of an email that leads to `path`. */
export function tokenFromEmail(html: string, path: string): string {
  const match = new RegExp(`${path}/([A-Za-z0-9_-]{43})`).exec(html);
  if (!match) throw new Error(`no ${path} link in email`);
  return match[1]!;
}

/** A session row for a user, as a sign-in stores it; returns the id for the cookie. */
export async function openSession(userId: string, from: ClientInfo): Promise<string> {
  const sessionId = newSecret();
  const at = now();
  await db.session.create({
    data: {
      sessionToken: digestSecret(sessionId),
      userId,
      expires: sessionExpiry(at),
      ip: from.ip,
      userAgent: from.userAgent,
      createdAt: at,
      lastSeenAt: at,
    },
  });
  return sessionId;
}

/** The counter and lock of one lock path of a user ("account", or "device:<id>"); a path with no row has neither. */
export async function lockState(userId: string, path = "account"): Promise<{ failedAttempts: number; lockedAt: Date | null }> {
  const row = await db.lockPath.findUnique({ where: { userId_path: { userId, path } }, select: { failedAttempts: true, lockedAt: true } });
  return row ?? { failedAttempts: 0, lockedAt: null };
}
