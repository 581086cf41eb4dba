import "server-only";
import { db, type Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { localeOr } from "@/lib/i18n/config";
import { appLink, queueEmail } from "@/lib/mail";
import { emailLinkRoutes } from "@/lib/flows";
import type { ClientInfo } from "@/lib/request/client-info";
import type { ErrorCode } from "@/lib/validation/errors";
import { cancelPendingEmailChanges } from "@/lib/auth/email-change";
import { defineEmailLink } from "@/lib/auth/email-link";
import { forgetAllDevices } from "@/lib/auth/known-device";
import { reauthenticate } from "@/lib/auth/reauthenticate";
import { recordSecurityEvent } from "@/lib/auth/security-events";
import { closeAllSessions } from "@/lib/auth/session";
import { revokeOidcConsents } from "@/lib/auth/oidc/access";
import { consumeToken, findTokenUser, issueToken, retireTokens } from "@/lib/auth/tokens";
import { advancePasskeyCounter, startPasskeyReauthentication, verifyPasskeyAssertion } from "@/lib/auth/passkeys/assertion";
import type { ChallengeCookie } from "@/lib/auth/passkeys/challenges";
import { allowAttempt } from "@/lib/rate-limit";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";

// "Supprimer mon compte" (RGPD erasure, with a grace period). The request,
// proven with the current password or one of the account's passkeys, closes the account at once, in one
// transaction: every session ends, every known browser is forgotten, pending
// email changes are cancelled, and the email that says so carries
// "Annuler la suppression". From then on the right password or passkey opens
// no session, only /suppression-prevue (lib/auth/closed-account.ts). After
// ACCOUNT_DELETION_DELAY_DAYS the erasure job (lib/privacy/erasure.ts) removes
// the account. Cancelling, by the emailed button or after a sign-in, reopens it.
// Owns: users.deletion_due_at, deletion_cancel tokens; setting ACCOUNT_DELETION_DELAY_DAYS.

type Tx = Prisma.TransactionClient;
const DAY_MS = 86_400_000;

/** How long a closed account waits for its erasure (the account page says so). */
export const deletionDelayDays = () => env().ACCOUNT_DELETION_DELAY_DAYS;

export type DeletionRequestResult = { ok: true; dueAt: Date } | { ok: false; field?: "password"; code: ErrorCode };

/** Closes the account and schedules its erasure. Of two racing requests, one closes it and sends the email; both answer done. */
export async function requestAccountDeletion(
  args: { userId: string; password: string },
  client: ClientInfo,
  deviceToken?: string,
): Promise<DeletionRequestResult> {
  const proof = await reauthenticate(args.userId, args.password, client, { deviceToken, limits: [["accountDeletion", args.userId]] });
  // A double submit: the other request closed the account between this one's read and its write.
  if (!proof.ok && proof.closedUntil) return { ok: true, dueAt: proof.closedUntil };
  if (!proof.ok) return { ok: false, field: proof.wrongPassword ? "password" : undefined, code: proof.code };
  return closeAccount(proof.user, client);
}

/** "Supprimer avec une clé d'accès", first step: options for the browser's authenticator, offering only this account's passkeys. */
export async function startDeletionWithPasskey(userId: string): Promise<PasskeyDeletionStart> {
  if (!(await allowAttempt("accountDeletion", userId))) return { ok: false, code: "rateLimited" };
  return startPasskeyReauthentication(userId);
}

export type PasskeyDeletionStart =
  | { ok: true; options: PublicKeyCredentialRequestOptionsJSON; cookie: ChallengeCookie }
  | { ok: false; code: "rateLimited" | "passkeyRefused" };

/** Second step: the assertion, by one of this account's passkeys, against the challenge this browser holds; then the same closure. */
export async function requestAccountDeletionWithPasskey(
  userId: string,
  response: unknown,
  challengeId: string | undefined,
  client: ClientInfo,
): Promise<DeletionRequestResult> {
  // Counted before the check: each refusal is journaled, and a stolen session must not flood the owner's activity.
  if (!(await allowAttempt("accountDeletion", userId))) return { ok: false, code: "rateLimited" };
  const assertion = await verifyPasskeyAssertion(response, challengeId, userId);
  if (!assertion.ok) {
    await recordSecurityEvent(db, "signin.passkey_failure", userId, client);
    return { ok: false, code: "passkeyRefused" };
  }
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, pseudo: true, email: true, locale: true } });
  if (!user) return { ok: false, code: "unexpected" };
  const { passkey } = assertion;
  return closeAccount(user, client, (tx, at) => advancePasskeyCounter(tx, passkey, at));
}

/**
 * The closure itself, in one transaction, behind the proof's own last step
 * (a passkey's counter). Of two racing requests one closes the account and
 * sends the email; the other reports the same date.
 */
async function closeAccount(
  user: { id: string; pseudo: string; email: string; locale: string },
  client: ClientInfo,
  gate?: (tx: Tx, at: Date) => Promise<boolean>,
): Promise<DeletionRequestResult> {
  const at = now();
  const dueAt = new Date(at.getTime() + deletionDelayDays() * DAY_MS);
  const closedAt = await db.$transaction(async (tx): Promise<Date | null | "refused"> => {
    if (gate && !(await gate(tx, at))) return "refused";
    const closed = await tx.user.updateMany({ where: { id: user.id, deletionDueAt: null }, data: { deletionDueAt: dueAt } });
    if (closed.count === 0) return null;
    await closeAllSessions(tx, user.id);
    // A closed account has given no application anything any more (reopening it asks each consent again).
    await revokeOidcConsents(tx, user.id);
    await forgetAllDevices(tx, user.id);
    await cancelPendingEmailChanges(tx, user.id);
    const raw = await issueToken(tx, user.id, "deletion_cancel");
    await queueEmail(tx, {
      template: "account-deletion",
      to: user.email,
      locale: localeOr(user.locale),
      props: {
        pseudo: user.pseudo,
        at: at.toISOString(),
        due: dueAt.toISOString(),
        journalDays: env().RETENTION_JOURNAL_DAYS,
        url: deletionCancelLink.url(raw),
      },
    });
    await recordSecurityEvent(tx, "account.deletion_requested", user.id, client);
    return dueAt;
  });
  if (closedAt === "refused") return { ok: false, code: "passkeyRefused" };
  if (closedAt) return { ok: true, dueAt: closedAt };
  // The other request closed it first: report its date.
  const row = await db.user.findUnique({ where: { id: user.id }, select: { deletionDueAt: true } });
  return row?.deletionDueAt ? { ok: true, dueAt: row.deletionDueAt } : { ok: false, code: "unexpected" };
}

/**
 * Reopens a closed account whose erasure is still ahead (that closure, when
 * `dueAt` names it), inside the caller's transaction. False when there is
 * nothing to cancel.
 */
async function reopen(tx: Tx, userId: string, client: ClientInfo | undefined, dueAt?: Date): Promise<boolean> {
  const reopened = await tx.user.updateMany({
    where: { id: userId, deletionDueAt: dueAt ? { equals: dueAt, gt: now() } : { gt: now() } },
    data: { deletionDueAt: null },
  });
  if (reopened.count === 0) return false;
  await retireTokens(tx, userId, "deletion_cancel");
  await recordSecurityEvent(tx, "account.deletion_cancelled", userId, client);
  // The owner who asked for erasure hears of it, whoever reopened the account.
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, pseudo: true, locale: true } });
  await queueEmail(tx, {
    template: "deletion-cancelled",
    to: user.email,
    locale: localeOr(user.locale),
    props: { pseudo: user.pseudo, at: now().toISOString(), url: appLink(emailLinkRoutes.reset.requestPage) },
    helpAnchor: "mot-de-passe-oublie",
  });
  return true;
}

/** "Annuler la suppression" after a sign-in into the closed account (/suppression-prevue): the closure its cookie proves, and only that one. */
export function cancelDeletion(closure: { userId: string; dueAt: Date }, client: ClientInfo): Promise<boolean> {
  return db.$transaction((tx) => reopen(tx, closure.userId, client, closure.dueAt));
}

/** The emailed button: uses the link up and reopens the account. False for a dead link or an account no longer closed. */
export function cancelDeletionByToken(raw: unknown, client?: ClientInfo): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const userId = await consumeToken(tx, raw, "deletion_cancel");
    if (!userId) return false;
    const reopened = await reopen(tx, userId, client);
    // A link whose account was reopened otherwise stays spent: nothing to roll back.
    return reopened;
  });
}

/** A closed account's pseudo and erasure date (the page after its sign-in); null when it is not closed, or not by that closure. */
export async function scheduledDeletion(userId: string, dueAt?: Date): Promise<{ pseudo: string; dueAt: Date } | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { pseudo: true, deletionDueAt: true } });
  if (!user?.deletionDueAt || user.deletionDueAt <= now()) return null;
  if (dueAt && user.deletionDueAt.getTime() !== dueAt.getTime()) return null;
  return { pseudo: user.pseudo, dueAt: user.deletionDueAt };
}

async function isLiveDeletionCancelLink(raw: unknown): Promise<boolean> {
  const userId = await findTokenUser(db, raw, "deletion_cancel");
  return userId !== null && (await scheduledDeletion(userId)) !== null;
}

/** The email's "Annuler la suppression" (lib/auth/email-link.ts): a one-button page, scanner-proof. */
export const deletionCancelLink = defineEmailLink("deletionCancel", {
  title: "link.deletionCancelTitle",
  check: async (raw) => ((await isLiveDeletionCancelLink(raw)) ? "live" : "refused"),
  button: {
    intro: "link.deletionCancelIntro",
    submit: "link.deletionCancelSubmit",
    consume: async (raw, client) => ((await cancelDeletionByToken(raw, client)) ? "/connexion?notice=deletionCancelled" : "refused"),
  },
});
