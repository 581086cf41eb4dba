import "server-only";
import { db, Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/request/client-info";
import { localeOr } from "@/lib/i18n/config";
import { emailLinkRoutes } from "@/lib/flows";
import { appLink, queueEmail } from "@/lib/mail";
import type { ErrorCode } from "@/lib/validation/errors";
import { reauthenticate } from "./reauthenticate";
import { dropRecoveryAddressNowMain, isOthersRecoveryAddress } from "./recovery-address";
import { defineEmailLink } from "./email-link";
import { recordSecurityEvent } from "./security-events";
import { consumeEmailChangeToken, findTokenUser, issueToken, retireTokens } from "./tokens";

// Changing the email address from /compte. The password is required (checked
// like a sign-in, counting towards the lockout); the account keeps its
// current address until the link sent to the new one is opened; the current
// address is told, with a way to say it was not them (a password reset,
// which retires the request).
// Owns: email_change tokens (tokens.new_email) and their link
// (`emailChangeLink`, route in lib/flows.ts).

export type EmailChangeRequestResult = { ok: true } | { ok: false; field?: "password" | "newEmail"; code: ErrorCode };

export async function requestEmailChange(
  args: { userId: string; password: string; newEmail: string },
  client: ClientInfo,
  deviceToken?: string,
): Promise<EmailChangeRequestResult> {
  const proof = await reauthenticate(args.userId, args.password, client, {
    deviceToken,
    limits: [
      ["emailIp", client.ip],
      ["emailAddress", args.newEmail],
      ["emailChange", args.userId],
    ],
  });
  if (!proof.ok) return { ok: false, field: proof.wrongPassword ? "password" : undefined, code: proof.code };
  const { user } = proof;
  // The account's own recovery address may become its main one; another account's may not: a typed address names one account.
  if (
    args.newEmail === user.email ||
    (await db.user.count({ where: { email: args.newEmail } })) > 0 ||
    (await isOthersRecoveryAddress(args.newEmail, user.id))
  ) {
    return { ok: false, field: "newEmail", code: "emailTaken" };
  }

  const locale = localeOr(user.locale);
  await db.$transaction(async (tx) => {
    const raw = await issueToken(tx, user.id, "email_change", { newEmail: args.newEmail });
    await queueEmail(tx, {
      template: "confirm-email-change",
      to: args.newEmail,
      locale,
      props: { pseudo: user.pseudo, url: emailChangeLink.url(raw), hours: env().CONFIRM_TOKEN_TTL_HOURS },
    });
    await queueEmail(tx, {
      template: "email-change-notice",
      to: user.email,
      locale,
      props: { pseudo: user.pseudo, newEmail: args.newEmail, url: appLink(emailLinkRoutes.reset.requestPage) },
      helpAnchor: "mot-de-passe-oublie",
    });
    await recordSecurityEvent(tx, "email.change_requested", user.id, client);
  });
  return { ok: true };
}

export type EmailChangeResult = "changed" | "invalid" | "taken";

/** Whether the link sent to the new address is still good, without using it up (mail scanners fetch its page too). */
export async function isLiveEmailChangeLink(raw: unknown): Promise<boolean> {
  return (await findTokenUser(db, raw, "email_change")) !== null;
}

/** The button of the page the new address's link opens. If someone took the address meanwhile, the unique index says so. */
export async function confirmEmailChangeByToken(raw: unknown, client?: ClientInfo): Promise<EmailChangeResult> {
  try {
    return await db.$transaction(async (tx) => {
      const change = await consumeEmailChangeToken(tx, raw);
      if (!change) return "invalid";
      await tx.user.update({ where: { id: change.userId }, data: { email: change.newEmail, emailVerified: now() } });
      await dropRecoveryAddressNowMain(tx, change.userId, change.newEmail);
      await retireTokens(tx, change.userId, "email_change");
      await recordSecurityEvent(tx, "email.changed", change.userId, client);
      return "changed";
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return "taken";
    throw error;
  }
}

/** The emailed link (lib/auth/email-link.ts): one button moves the account to the new address. */
export const emailChangeLink = defineEmailLink("emailChange", {
  title: "link.emailChangeTitle",
  check: async (raw) => ((await isLiveEmailChangeLink(raw)) ? "live" : "refused"),
  button: {
    intro: "link.emailChangeIntro",
    submit: "link.emailChangeSubmit",
    async consume(raw, client) {
      const result = await confirmEmailChangeByToken(raw, client);
      if (result === "changed") return "/connexion?notice=emailChanged";
      return result === "taken" ? "/connexion?code=emailTaken" : "refused";
    },
  },
});

/** Cancels the pending email changes ("Ce n'était pas moi"): their links stop working. Returns how many were pending. */
export function cancelPendingEmailChanges(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  return retireTokens(tx, userId, "email_change");
}
