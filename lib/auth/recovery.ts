import "server-only";
import { db, type Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/request/client-info";
import { localeOr, type Locale } from "@/lib/i18n/config";
import { queueEmail } from "@/lib/mail";
import { defineEmailLink } from "./email-link";
import { accepted, allowEmailRequest, queueNoAccountEmail, refused, type DeferredRequest, type RequestWork } from "./email-requests";
import { forgetAllDevices } from "./known-device";
import { unlockAccount } from "./lockout";
import { queuePasswordChangedEmail } from "./password-change";
import { accountByAddress } from "./address-lookup";
import { hashPassword } from "./password-hash";
import { passwordError, type PasswordRuleCode } from "@/lib/validation/password-policy";
import { estimateStrength } from "@/lib/validation/password-strength";
import { recordSecurityEvent } from "./security-events";
import { closeAllSessions } from "./session";
import { breachedPasswordError, newPasswordClearsBreach } from "./breached-passwords";
import { consumeToken, findTokenUser, issueToken, retireTokens } from "./tokens";

// Recoverable: "Mot de passe oublié ?". The request always gets the same
// answer in the same time; the link opens a form without being used up (mail
// scanners open links), and only the submitted form consumes it, in the same
// transaction as every consequence of the new password.
// Owns: reset tokens and their link (`resetLink`, route in lib/flows.ts);
// setting RESET_TOKEN_TTL_MINUTES. A reset also forgets every known device:
// whoever had the password may have had a browser too.

type Tx = Prisma.TransactionClient;
type Recipient = { id: string; email: string; pseudo: string; locale: string };

/** Issues a fresh reset link (older ones stop working) and queues its email: the form's answer, and a support agent's. */
export async function queueResetEmail(tx: Tx, user: Recipient, emailId?: string): Promise<string> {
  const raw = await issueToken(tx, user.id, "reset");
  return queueEmail(tx, {
    id: emailId,
    template: "reset-password",
    to: user.email,
    locale: localeOr(user.locale),
    props: { pseudo: user.pseudo, url: resetLink.url(raw), minutes: env().RESET_TOKEN_TTL_MINUTES },
    helpAnchor: "mot-de-passe-oublie",
  });
}

/** The /mot-de-passe-oublie form. */
export async function requestPasswordReset(email: string, client: ClientInfo, locale: Locale): Promise<DeferredRequest<"sent">> {
  if (!(await allowEmailRequest(email, client))) return refused("rateLimited");
  return accepted("reset", { email, locale, client }, resetRequestWork);
}

/**
 * The reset request's email: the link, or the linkless one for an address
 * without an account. An account's confirmed recovery address works too, and
 * the link goes to the address typed (the work runs after the answer, so the
 * extra lookup does not show in its timing).
 */
export const resetRequestWork: RequestWork = ({ id, email, locale }, claimed) =>
  claimed(async (tx) => {
    const user = await accountByAddress(tx, email);
    if (!user) return queueNoAccountEmail(tx, { emailId: id, to: email, locale, request: "reset" });
    return queueResetEmail(tx, { ...user, email }, id);
  });

export type ResetAccount = { pseudo: string; email: string };

/** The emailed link (lib/auth/email-link.ts). Its page (app/[locale]/reinitialisation/[token]) holds the new-password form, which uses it up. */
export const resetLink = defineEmailLink("reset", {
  title: "reset.title",
  check: async (raw) => ((await findResetAccount(raw)) ? "live" : "refused"),
});

/** The account a live reset link belongs to, without using the link up. */
export async function findResetAccount(raw: unknown): Promise<ResetAccount | null> {
  const userId = await findTokenUser(db, raw, "reset");
  if (!userId) return null;
  return db.user.findUnique({ where: { id: userId }, select: { pseudo: true, email: true } });
}

export type ResetResult = { ok: true } | { ok: false; code: "invalidLink" | PasswordRuleCode | "passwordBreached" };

/**
 * Sets the new password. In one transaction: the link is used up (of two
 * concurrent submissions, one wins and the other gets invalidLink), other
 * reset links retired, every session ended, the account unlocked and its
 * email confirmed (the user proved they read it), the "password changed"
 * email queued and the event recorded.
 */
export async function resetPasswordByToken(raw: unknown, password: string, client: ClientInfo): Promise<ResetResult> {
  const account = await findResetAccount(raw);
  if (!account) return { ok: false, code: "invalidLink" };
  const policy = passwordError(password, account, estimateStrength) ?? (await breachedPasswordError(password));
  if (policy) return { ok: false, code: policy };

  // Hash before the transaction: it is the slow part and needs no lock.
  const passwordHash = await hashPassword(password);
  const changed = await db.$transaction(async (tx) => {
    const userId = await consumeToken(tx, raw, "reset");
    if (!userId) return false;
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { email: true, pseudo: true, locale: true, emailVerified: true },
    });
    await tx.user.update({
      where: { id: userId },
      data: { passwordHash, ...newPasswordClearsBreach, ...(user.emailVerified ? {} : { emailVerified: now() }) },
    });
    await retireTokens(tx, userId, "reset");
    // "If it was not you, choose a new password": that cancels a pending email change.
    await retireTokens(tx, userId, "email_change");
    await unlockAccount(tx, userId, "reset");
    await closeAllSessions(tx, userId);
    await forgetAllDevices(tx, userId);
    await queuePasswordChangedEmail(tx, user);
    await recordSecurityEvent(tx, "password.reset", userId, client);
    return true;
  });
  return changed ? { ok: true } : { ok: false, code: "invalidLink" };
}
