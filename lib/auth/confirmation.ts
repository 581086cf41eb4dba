import "server-only";
import { db, type Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/request/client-info";
import { localeOr, type Locale } from "@/lib/i18n/config";
import { queueEmail } from "@/lib/mail";
import { defineEmailLink } from "./email-link";
import { accepted, allowEmailRequest, queueNoAccountEmail, refused, type DeferredRequest } from "./email-requests";
import { recordSecurityEvent } from "./security-events";
import { digestSecret } from "./secrets";
import { consumeToken, findTokenUser, isWellFormedToken, issueToken } from "./tokens";

// Confirmable: an account cannot sign in until the link sent to its email is
// opened. Owns: users.email_verified, confirmation tokens and their link
// (`confirmationLink`, route in lib/flows.ts); setting CONFIRM_TOKEN_TTL_HOURS.

type Tx = Prisma.TransactionClient;
type Recipient = { id: string; email: string; pseudo: string; locale: string };

/** Issues a fresh confirmation link (older ones stop working) and queues its email. */
export async function queueConfirmationEmail(tx: Tx, user: Recipient, emailId?: string): Promise<string> {
  const raw = await issueToken(tx, user.id, "confirm");
  return queueEmail(tx, {
    id: emailId,
    template: "confirm-account",
    to: user.email,
    locale: localeOr(user.locale),
    props: { pseudo: user.pseudo, url: confirmationLink.url(raw), hours: env().CONFIRM_TOKEN_TTL_HOURS },
    helpAnchor: "confirmation",
  });
}

/**
 * The /confirmation form. An unknown address gets the same answer as an
 * unconfirmed one ("sent") and the linkless email (email-requests.ts); only a
 * confirmed account says so, as the seed asks. The email is queued in
 * `delivery`, which the caller lets finish after the response.
 */
export async function requestConfirmation(
  email: string,
  client: ClientInfo,
  locale: Locale,
): Promise<DeferredRequest<"sent" | "alreadyConfirmed">> {
  if (!(await allowEmailRequest(email, client))) return refused("rateLimited");
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, pseudo: true, locale: true, emailVerified: true },
  });
  if (user?.emailVerified) return refused("alreadyConfirmed");
  return accepted((emailId) =>
    db.$transaction((tx) =>
      user ? queueConfirmationEmail(tx, user, emailId) : queueNoAccountEmail(tx, { emailId, to: email, locale, request: "confirm" }),
    ),
  );
}

export type ConfirmationResult = "confirmed" | "alreadyConfirmed" | "invalid";

/**
 * What opening the confirmation link would do, without using it up (the page
 * with the button, which mail scanners fetch too): "live" when the button
 * would confirm the account.
 */
export async function checkConfirmationLink(raw: unknown): Promise<"live" | "alreadyConfirmed" | "invalid"> {
  if (await findTokenUser(db, raw, "confirm")) return "live";
  return spentLinkOutcome(raw);
}

/** The button of the confirmation link's page. */
export async function confirmAccountByToken(raw: unknown, client?: ClientInfo): Promise<ConfirmationResult> {
  const confirmed = await db.$transaction(async (tx) => {
    const userId = await consumeToken(tx, raw, "confirm");
    if (!userId) return false;
    await tx.user.updateMany({ where: { id: userId, emailVerified: null }, data: { emailVerified: now() } });
    await recordSecurityEvent(tx, "account.confirmed", userId, client);
    return true;
  });
  return confirmed ? "confirmed" : spentLinkOutcome(raw);
}

/** A link opened again after it worked says so rather than "invalid". */
async function spentLinkOutcome(raw: unknown): Promise<"alreadyConfirmed" | "invalid"> {
  if (!isWellFormedToken(raw)) return "invalid";
  const token = await db.token.findUnique({
    where: { tokenHash: digestSecret(raw) },
    select: { purpose: true, usedAt: true, user: { select: { emailVerified: true } } },
  });
  return token?.purpose === "confirm" && token.usedAt && token.user.emailVerified ? "alreadyConfirmed" : "invalid";
}

/** The emailed link (lib/auth/email-link.ts): one button confirms the account. */
export const confirmationLink = defineEmailLink("confirm", {
  title: "link.confirmTitle",
  async check(raw) {
    const state = await checkConfirmationLink(raw);
    if (state === "live") return "live";
    return state === "alreadyConfirmed" ? "/connexion?code=alreadyConfirmed" : "refused";
  },
  button: {
    intro: "link.confirmIntro",
    submit: "link.confirmSubmit",
    async consume(raw, client) {
      const result = await confirmAccountByToken(raw, client);
      if (result === "confirmed") return "/connexion?notice=confirmed";
      return result === "alreadyConfirmed" ? "/connexion?code=alreadyConfirmed" : "refused";
    },
  },
});
