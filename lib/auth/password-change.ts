import "server-only";
import { db } from "@/lib/db";
import type { ClientInfo } from "@/lib/http/client-info";
import { isLocale } from "@/lib/i18n/config";
import { appLink, queueEmail } from "@/lib/mail";
import type { ErrorCode } from "./errors";
import { reauthenticate } from "./authenticate";
import { hashPassword } from "./password-hash";
import { passwordError } from "./password-policy";
import { estimateStrength } from "./password-strength";
import { allowAttempt } from "./rate-limit";
import { recordSecurityEvent } from "./security-events";
import { digestSessionId } from "./session";

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
  if (!(await allowAttempt("signinAccount", `change:${args.userId}`))) return { ok: false, code: "rateLimited" };
  const proof = await reauthenticate(args.userId, args.currentPassword, client, deviceToken);
  if (!proof.ok) return { ok: false, field: proof.wrongPassword ? "currentPassword" : undefined, code: proof.code };
  const { user } = proof;
  const policy = passwordError(args.newPassword, user, estimateStrength);
  if (policy) return { ok: false, field: "password", code: policy };

  const passwordHash = await hashPassword(args.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, failedAttempts: 0 } });
    // Every other session ends; this one stays.
    await tx.session.deleteMany({ where: { userId: user.id, NOT: { sessionToken: digestSessionId(args.sessionId) } } });
    await queueEmail(tx, {
      template: "password-changed",
      to: user.email,
      locale: isLocale(user.locale) ? user.locale : "fr",
      props: { pseudo: user.pseudo, url: appLink("/mot-de-passe-oublie") },
      helpAnchor: "mot-de-passe-oublie",
    });
    await recordSecurityEvent(tx, "password.changed", user.id, client);
  });
  return { ok: true };
}
