import "server-only";
import { db, type Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { queueConfirmationEmail } from "@/lib/auth/confirmation";
import { forgetAllDevices } from "@/lib/auth/known-device";
import { unlockAccount } from "@/lib/auth/lockout";
import { queueResetEmail } from "@/lib/auth/recovery";
import { recordSecurityEvent, type SupportEventType } from "@/lib/auth/security-events";
import { closeAllSessions } from "@/lib/auth/session";
import type { ClientInfo } from "@/lib/request/client-info";
import { localeOr } from "@/lib/i18n/config";
import { queueEmail } from "@/lib/mail";
import type { SupportAction } from "@/lib/validation/support";
import { sessionFreshForActions, type Agent } from "./agents";

// The five things an agent may do to an account (docs/support.md), each with the
// reason the agent gave, journaled on the account with the agent's id in the
// same transaction as its effect. What is deliberately absent: acting as the
// user, choosing their password, confirming an address on someone's word.
// Each action only starts what the user finishes through their own mailbox.

type Tx = Prisma.TransactionClient;

export type SupportActionResult =
  { ok: true } | { ok: false; code: "reauthenticate" | "noAccount" | "alreadyConfirmed" | "notSuppressed" | "notFound" };

const journalType: Record<SupportAction, SupportEventType> = {
  resendConfirmation: "support.confirmation_resent",
  unlock: "support.unlocked",
  sendReset: "support.reset_sent",
  signOutEverywhere: "support.signed_out",
  liftSuppression: "support.suppression_lifted",
};

type Target = { id: string; email: string; pseudo: string; locale: string; emailVerified: Date | null };

/** Each action's effect; a refusal (nothing to do) journals nothing. */
const effects: Record<SupportAction, (tx: Tx, user: Target) => Promise<SupportActionResult>> = {
  async resendConfirmation(tx, user) {
    if (user.emailVerified) return { ok: false, code: "alreadyConfirmed" };
    await queueConfirmationEmail(tx, user);
    return { ok: true };
  },
  async unlock(tx, user) {
    await unlockAccount(tx, user.id, "support");
    await queueEmail(tx, {
      template: "support-unlocked",
      to: user.email,
      locale: localeOr(user.locale),
      props: { pseudo: user.pseudo },
      helpAnchor: "compte-verrouille",
    });
    return { ok: true };
  },
  async sendReset(tx, user) {
    await queueResetEmail(tx, user);
    return { ok: true };
  },
  async signOutEverywhere(tx, user) {
    // As the user's own "Se déconnecter partout": whoever held a session may hold a known browser too.
    await closeAllSessions(tx, user.id);
    await forgetAllDevices(tx, user.id);
    await queueEmail(tx, {
      template: "support-signed-out",
      to: user.email,
      locale: localeOr(user.locale),
      props: { pseudo: user.pseudo },
    });
    return { ok: true };
  },
  async liftSuppression(tx, user) {
    const lifted = await tx.suppressedAddress.deleteMany({ where: { email: user.email } });
    return lifted.count > 0 ? { ok: true } : { ok: false, code: "notSuppressed" };
  },
};

/**
 * Runs one action on an account for an agent. The effect, its email and the
 * journal line commit together or not at all; a refusal changes nothing.
 */
export async function runSupportAction(
  action: SupportAction,
  input: { agent: Agent; userId: string; reason: string },
  client: ClientInfo,
): Promise<SupportActionResult> {
  if (!sessionFreshForActions(input.agent)) return { ok: false, code: "reauthenticate" };
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: input.userId },
      select: { id: true, email: true, pseudo: true, locale: true, emailVerified: true },
    });
    if (!user) return { ok: false, code: "noAccount" } as const;
    const result = await effects[action](tx, user);
    if (result.ok) await recordSecurityEvent(tx, journalType[action], user.id, client, { actorId: input.agent.id, reason: input.reason });
    return result;
  });
}

/** The requests of /support/demandes, newest first, each with the account whose email matches. */
export async function listContactRequests(take = 100) {
  const requests = await db.contactRequest.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, email: true, subject: true, message: true, status: true, createdAt: true, handledAt: true },
  });
  const accounts = await db.user.findMany({
    where: { email: { in: [...new Set(requests.map((request) => request.email))] } },
    select: { id: true, email: true },
  });
  const byEmail = new Map(accounts.map((account) => [account.email, account.id]));
  return requests.map((request) => ({ ...request, accountId: byEmail.get(request.email) ?? null }));
}

/**
 * Marks a request handled, once: a second agent marking it at the same time
 * changes nothing and journals nothing. Journaled on the matching account
 * (if any), so the user sees support took it up.
 */
export async function markRequestHandled(input: { agent: Agent; requestId: string }, client: ClientInfo): Promise<SupportActionResult> {
  if (!sessionFreshForActions(input.agent)) return { ok: false, code: "reauthenticate" };
  return db.$transaction(async (tx) => {
    const request = await tx.contactRequest.findUnique({ where: { id: input.requestId }, select: { email: true, status: true } });
    if (!request) return { ok: false, code: "notFound" } as const;
    const marked = await tx.contactRequest.updateMany({
      where: { id: input.requestId, status: "open" },
      data: { status: "handled", handledAt: now(), handledBy: input.agent.id },
    });
    if (marked.count === 1) {
      const account = await tx.user.findUnique({ where: { email: request.email }, select: { id: true } });
      await recordSecurityEvent(tx, "support.request_handled", account?.id ?? null, client, { actorId: input.agent.id, reason: null });
    }
    return { ok: true } as const;
  });
}
