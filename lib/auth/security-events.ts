import "server-only";
import { db, type Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import type { ClientInfo } from "@/lib/request/client-info";

// The security journal. Records what happened, to whom, from where; never a
// password, a token or a hash. Owns: the security_events table.

export type SecurityEventType =
  | "signin.success"
  | "signin.failure"
  | "signin.locked"
  | "account.locked"
  | "device.locked"
  | "account.unlocked"
  | "account.confirmed"
  | "password.reset"
  | "password.changed"
  | "signout.everywhere"
  | "email.change_requested"
  | "email.changed"
  | "device.forgotten"
  | "signin.passkey"
  | "signin.passkey_failure"
  | "passkey.added"
  | "passkey.removed"
  | "signout.not_me"
  | "signup"
  | SupportEventType;

/** What a support agent did (lib/support): journaled with the agent and the reason they gave. */
export const supportEventTypes = [
  "support.search",
  "support.confirmation_resent",
  "support.unlocked",
  "support.reset_sent",
  "support.signed_out",
  "support.suppression_lifted",
  "support.request_handled",
] as const;
export type SupportEventType = (typeof supportEventTypes)[number];

type Tx = Prisma.TransactionClient;

/** The user's latest security events, newest first (the activity list on /compte). */
export function recentSecurityEvents(userId: string, take = 20) {
  return db.securityEvent.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, type: true, ip: true, userAgent: true, createdAt: true },
  });
}

export async function recordSecurityEvent(
  tx: Tx,
  type: SecurityEventType,
  userId: string | null,
  client: ClientInfo | undefined,
  support?: { actorId: string; reason: string | null },
): Promise<void> {
  await tx.securityEvent.create({
    data: {
      type,
      userId,
      ip: client?.ip ?? null,
      userAgent: client?.userAgent ?? null,
      actorId: support?.actorId ?? null,
      reason: support?.reason ?? null,
      createdAt: now(),
    },
  });
}
