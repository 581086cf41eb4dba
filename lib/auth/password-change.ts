import "server-only";
import { db, type Prisma } from "@/lib/db";
import type { ClientInfo } from "@/lib/request/client-info";
import { localeOr } from "@/lib/i18n/config";
import { emailLinkRoutes } from "@/lib/flows";
import { appLink, queueEmail } from "@/lib/mail";
import type { ErrorCode } from "@/lib/validation/errors";
import { reauthenticate } from "./reauthenticate";
import { hashPassword } from "./password-hash";
import { passwordError } from "@/lib/validation/password-policy";
import { estimateStrength } from "@/lib/validation/password-strength";
import { recordSecurityEvent } from "./security-events";
import { closeOtherSessions } from "./session";
import { breachedPasswordError, newPasswordClearsBreach } from "./breached-passwords";

// Changing the password from /compte. The current password is checked like a
// sign-in: a wrong one counts towards the lockout of the path it came from
// (this known browser, or the account's shared counter). Success ends every
// other session, keeps this one, and emails the "password changed" notice.

export type PasswordChangeResult = { ok: true } | { ok: false; field?: "currentPassword" | "password"; code: ErrorCode };

export async function changePassword(
  args: { userId: string; sessionId: string; currentPassword: string; newPassword: string },
  client: ClientInfo,
  deviceToken?: string,
): Promise<PasswordChangeResult> {
  const proof = await reauthenticate(args.userId, args.currentPassword, client, { deviceToken, limits: [["passwordChange", args.userId]] });
  if (!proof.ok) return { ok: false, field: proof.wrongPassword ? "currentPassword" : undefined, code: proof.code };
  const { user } = proof;
  const policy = passwordError(args.newPassword, user, estimateStrength) ?? (await breachedPasswordError(args.newPassword));
  if (policy) return { ok: false, field: "password", code: policy };

  const passwordHash = await hashPassword(args.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, ...newPasswordClearsBreach } });
    // Every other session ends; this one stays.
    await closeOtherSessions(tx, user.id, args.sessionId);
    await queuePasswordChangedEmail(tx, user);
    await recordSecurityEvent(tx, "password.changed", user.id, client);
  });
  return { ok: true };
}

/** "Your password was changed", with a way to take the account back: after a change here or a reset. */
export async function queuePasswordChangedEmail(
  tx: Prisma.TransactionClient,
  user: { email: string; pseudo: string; locale: string },
): Promise<void> {
  await queueEmail(tx, {
    template: "password-changed",
    to: user.email,
    locale: localeOr(user.locale),
    props: { pseudo: user.pseudo, url: appLink(emailLinkRoutes.reset.requestPage) },
    helpAnchor: "mot-de-passe-oublie",
  });
}
