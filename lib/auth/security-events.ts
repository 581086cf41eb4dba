import "server-only";
import type { Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import type { ClientInfo } from "@/lib/http/client-info";

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
  | "signup";

type Tx = Prisma.TransactionClient;

export async function recordSecurityEvent(
  tx: Tx,
  type: SecurityEventType,
  userId: string | null,
  client: ClientInfo | undefined,
): Promise<void> {
  await tx.securityEvent.create({
    data: { type, userId, ip: client?.ip ?? null, userAgent: client?.userAgent ?? null, createdAt: now() },
  });
}
