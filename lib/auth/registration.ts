import "server-only";
import { db, Prisma } from "@/lib/db";
import type { ClientInfo } from "@/lib/request/client-info";
import type { Locale } from "@/lib/i18n/config";
import type { SignUpData } from "@/lib/validation/sign-up";
import { queueConfirmationEmail } from "./confirmation";
import { hashPassword } from "./password-hash";
import { passwordError, type PasswordRuleCode } from "@/lib/validation/password-policy";
import { estimateStrength } from "@/lib/validation/password-strength";
import { emailStatus, readStatusCookie } from "@/lib/mail/status";
import { allowAll, allowAttempt } from "@/lib/rate-limit";
import { recordSecurityEvent } from "./security-events";
import { breachedPasswordError } from "./breached-passwords";

// Registerable: creates an unconfirmed account and, in the same transaction,
// its confirmation email. Uniqueness of email and pseudo (ignoring case) is
// the database's job: a race between two sign-ups ends in one account and
// one "not available" answer. Owns: users.pseudo, users.pseudo_key, users.email.

export type RegistrationResult =
  | { ok: true; userId: string; emailId: string }
  | { ok: false; code: "rateLimited" }
  | { ok: false; code: "weakPassword"; reason: PasswordRuleCode | "passwordBreached" }
  | { ok: false; code: "taken"; fields: { email?: true; pseudo?: true } };

async function takenFields(email: string, pseudoKey: string) {
  const clashes = await db.user.findMany({
    where: { OR: [{ email }, { pseudoKey }] },
    select: { email: true, pseudoKey: true },
  });
  const fields: { email?: true; pseudo?: true } = {};
  if (clashes.some((user) => user.email === email)) fields.email = true;
  if (clashes.some((user) => user.pseudoKey === pseudoKey)) fields.pseudo = true;
  return fields;
}

function uniqueViolationFields(error: unknown): { email?: true; pseudo?: true } | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return undefined;
  const text = JSON.stringify(error.meta ?? {}) + error.message;
  return text.includes("pseudo") ? { pseudo: true } : { email: true };
}

export async function registerAccount(data: SignUpData, locale: Locale, client: ClientInfo): Promise<RegistrationResult> {
  if (!(await allowAttempt("signupIp", client.ip))) return { ok: false, code: "rateLimited" };
  // The schema checked the cheap rules; the strength estimate (CPU) comes after the limit.
  const weak = passwordError(data.password, { pseudo: data.pseudo, email: data.email }, estimateStrength);
  if (weak) return { ok: false, code: "weakPassword", reason: weak };

  const pseudoKey = data.pseudo.toLowerCase();
  // Answer both fields at once when we can; the unique indexes below are what guarantees it.
  // The breach lookup (a network round trip) runs meanwhile.
  const [taken, breached] = await Promise.all([takenFields(data.email, pseudoKey), breachedPasswordError(data.password)]);
  if (taken.email || taken.pseudo) return { ok: false, code: "taken", fields: taken };
  if (breached) return { ok: false, code: "weakPassword", reason: breached };

  const passwordHash = await hashPassword(data.password);
  try {
    const created = await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { pseudo: data.pseudo, pseudoKey, email: data.email, passwordHash, locale },
        select: { id: true, email: true, pseudo: true, locale: true },
      });
      const emailId = await queueConfirmationEmail(tx, user);
      await recordSecurityEvent(tx, "signup", user.id, client);
      return { userId: user.id, emailId };
    });
    return { ok: true, ...created };
  } catch (error) {
    const fields = uniqueViolationFields(error);
    if (fields) return { ok: false, code: "taken", fields };
    throw error;
  }
}

export type CorrectionResult = { ok: true; emailId: string; userId: string } | { ok: false; code: "invalidLink" | "taken" | "rateLimited" };

/**
 * "Corriger l'adresse" (docs/flows.md): the browser that signed up, whose
 * confirmation email the mailbox refused, replaces the address of that
 * still-unconfirmed account. The old link stops working (a new token
 * supersedes it) and a new confirmation email goes to the new address. Only
 * the holder of the sign-up's status handle can do it, only while the email
 * it follows is refused, and only for the account the handle was issued to,
 * while that account is unconfirmed, still has the address the email went to,
 * and that email is its latest confirmation: the address alone is never
 * matched (a stranger's stale handle must not reach an account signed up
 * later with the same address).
 */
export async function correctSignUpAddress(handle: string | undefined, email: string, client: ClientInfo): Promise<CorrectionResult> {
  const status = await emailStatus(handle);
  const followed = readStatusCookie(handle);
  if (!status?.canCorrect || !followed?.accountId) return { ok: false, code: "invalidLink" };
  const accountId = followed.accountId;
  if (
    !(await allowAll([
      ["signupIp", client.ip],
      ["emailAddress", email],
    ]))
  )
    return { ok: false, code: "rateLimited" };
  const refused = await db.outboxEmail.findUniqueOrThrow({ where: { id: followed.emailId }, select: { to: true, createdAt: true } });
  try {
    const emailId = await db.$transaction(async (tx) => {
      const user = await tx.user.findFirst({
        where: { id: accountId, email: refused.to, emailVerified: null },
        select: { id: true, pseudo: true, locale: true },
      });
      if (!user) return null;
      const later = await tx.outboxEmail.count({
        where: { to: refused.to, template: "confirm-account", createdAt: { gt: refused.createdAt } },
      });
      if (later > 0) return null;
      // Re-checked as it is written: of two corrections racing, the second finds the address already changed.
      const { count } = await tx.user.updateMany({ where: { id: user.id, email: refused.to, emailVerified: null }, data: { email } });
      if (count === 0) return null;
      const queued = await queueConfirmationEmail(tx, { ...user, email });
      await recordSecurityEvent(tx, "email.changed", user.id, client);
      return queued;
    });
    return emailId ? { ok: true, emailId, userId: accountId } : { ok: false, code: "invalidLink" };
  } catch (error) {
    if (uniqueViolationFields(error)) return { ok: false, code: "taken" };
    throw error;
  }
}
