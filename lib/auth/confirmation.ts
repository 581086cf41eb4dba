import "server-only";
import { db, type Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/request/client-info";
import { localeOr, type Locale } from "@/lib/i18n/config";
import { queueEmail } from "@/lib/mail";
import { defineEmailLink } from "./email-link";
import { accepted, allowEmailRequest, queueNoAccountEmail, refused, type DeferredRequest, type RequestWork } from "./email-requests";
import { reauthenticate } from "./reauthenticate";
import { recordSecurityEvent } from "./security-events";
import { consumeToken, findTokenUser, issueToken, spentToken } from "./tokens";

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
  return accepted("confirm", { email, locale, client }, confirmationRequestWork);
}

/** The re-sent confirmation, or the linkless email for an address without an account. */
export const confirmationRequestWork: RequestWork = ({ id, email, locale }, claimed) =>
  claimed(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, email: true, pseudo: true, locale: true } });
    return user ? queueConfirmationEmail(tx, user, id) : queueNoAccountEmail(tx, { emailId: id, to: email, locale, request: "confirm" });
  });

export type ConfirmationResult =
  "confirmed" | "alreadyConfirmed" | "invalid" | { code: "wrongPassword" | "locked" | "lastAttempt" | "rateLimited" | "unexpected" };

export type ConfirmationLink = { state: "live"; pseudo: string; sameBrowser: boolean } | { state: "alreadyConfirmed" | "invalid" };

/**
 * What opening the confirmation link would do, without using it up (the page
 * with the button, which mail scanners fetch too): for a live link, the
 * account it confirms (the page names it) and whether this is the browser
 * that signed up (`signUpBrowser`, lib/auth/sign-up-browser.ts), where the
 * button confirms at once; elsewhere it takes the account's password.
 */
export async function openConfirmationLink(raw: unknown, signUpBrowser: string | null): Promise<ConfirmationLink> {
  const userId = await findTokenUser(db, raw, "confirm");
  if (!userId) return { state: await spentLinkOutcome(raw) };
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { pseudo: true } });
  return { state: "live", pseudo: user.pseudo, sameBrowser: signUpBrowser === userId };
}

/** What proves the button is pressed by whoever created the account: the sign-up browser's cookie, or the account's password. */
export type ConfirmationProof = { signUpBrowser: string | null; password?: string; deviceToken?: string };

/**
 * The button of the confirmation link's page. The link proves the mailbox;
 * it does not prove that whoever reads it created the account: a stranger
 * may have signed up with someone else's address and their own password
 * (pre-hijacking). So, away from the browser that signed up, the account's
 * password is asked first, through the sign-in chain (its limits, its lock
 * path and counters): the address's owner, who does not know the stranger's
 * password, goes through the reset instead, which confirms the address and
 * replaces that password.
 */
export async function confirmAccountByToken(raw: unknown, client: ClientInfo, proof: ConfirmationProof): Promise<ConfirmationResult> {
  const userId = await findTokenUser(db, raw, "confirm");
  if (!userId) return spentLinkOutcome(raw);
  if (proof.signUpBrowser !== userId) {
    if (!proof.password) return { code: "wrongPassword" };
    const check = await reauthenticate(userId, proof.password, client, {
      deviceToken: proof.deviceToken,
      limits: [
        ["signinIp", client.ip],
        ["signinAccount", userId],
      ],
      acceptUnconfirmed: true,
    });
    if (!check.ok) {
      if (check.code === "invalidCredentials") return { code: "wrongPassword" };
      if (check.code === "locked" || check.code === "lastAttempt" || check.code === "rateLimited") return { code: check.code };
      return { code: "unexpected" };
    }
  }
  const confirmed = await db.$transaction(async (tx) => {
    const consumed = await consumeToken(tx, raw, "confirm");
    // The user the page checked, still: a newer link for another account cannot slip in between.
    if (consumed !== userId) return false;
    await tx.user.updateMany({ where: { id: userId, emailVerified: null }, data: { emailVerified: now() } });
    await recordSecurityEvent(tx, "account.confirmed", userId, client);
    return true;
  });
  return confirmed ? "confirmed" : spentLinkOutcome(raw);
}

/** A link opened again after it worked says so rather than "invalid". */
async function spentLinkOutcome(raw: unknown): Promise<"alreadyConfirmed" | "invalid"> {
  const token = await spentToken(raw);
  return token?.purpose === "confirm" && token.used && token.userConfirmed ? "alreadyConfirmed" : "invalid";
}

/** The emailed link (lib/auth/email-link.ts); its page takes the account's password away from the browser that signed up. */
export const confirmationLink = defineEmailLink("confirm", {
  title: "link.confirmTitle",
  // No one-button page: its own (app/[locale]/confirmation/[token]) names the
  // account and, away from the sign-up browser, takes its password.
  async check(raw) {
    const link = await openConfirmationLink(raw, null);
    if (link.state === "live") return "live";
    return link.state === "alreadyConfirmed" ? "/connexion?code=alreadyConfirmed" : "refused";
  },
});
