import "server-only";
import { db } from "@/lib/db";
import type { ClientInfo } from "@/lib/request/client-info";
import { describeUserAgent } from "./user-agent";
import { localeOr } from "@/lib/i18n/config";
import { outboxRow, type OutboxRow } from "@/lib/mail";
import { linkPath } from "@/lib/flows";
import { defineEmailLink } from "./email-link";
import { forgetAllDevices } from "./known-device";
import { recordSecurityEvent } from "./security-events";
import { closeAllSessions } from "./session";
import { digestSecret } from "./secrets";
import { consumeToken, findTokenUser, issueToken, standaloneToken, type StandaloneToken } from "./tokens";

// The new-device alert: a sign-in (password or passkey) from a browser the
// account does not know emails the owner "Nouvelle connexion à votre compte"
// with when, the approximate device and the IP address, and a "Ce n'était
// pas moi" link. That link (`notMeLink`, a not_me token) opens a page whose
// button signs out every session, forgets every known browser, removes the
// passkeys added since that sign-in (whoever signed in could have added
// one), and leads straight to a new password.
// Owns: not_me tokens; setting NOT_ME_TOKEN_TTL_DAYS.

/**
 * The alert's rows, as data: its not_me token and its email. The sign-in
 * writes them in its own statement (lib/auth/sign-in-store.ts), so there is
 * no alert for a sign-in that did not happen, and no such sign-in without its alert.
 */
export function newDeviceAlert(
  user: { email: string; pseudo: string; locale: string },
  client: ClientInfo,
  at: Date,
): { token: StandaloneToken; email: OutboxRow } {
  const token = standaloneToken("not_me", at);
  const email = outboxRow({
    template: "new-device-alert",
    to: user.email,
    locale: localeOr(user.locale),
    props: {
      pseudo: user.pseudo,
      at: at.toISOString(),
      device: describeUserAgent(client.userAgent),
      ip: client.ip === "unknown" ? null : client.ip,
      url: notMeLink.url(token.raw),
    },
    helpAnchor: "nouvelle-connexion",
  });
  return { token, email };
}

/** Whether a "Ce n'était pas moi" link is live, without using it up (the page that shows the button). */
export async function isLiveNotMeLink(raw: unknown): Promise<boolean> {
  return (await findTokenUser(db, raw, "not_me")) !== null;
}

/**
 * The button behind "Ce n'était pas moi": in one transaction, the link is
 * used up, every session ends, every known browser is forgotten, passkeys
 * registered since the reported sign-in are removed, and a reset link is
 * issued. Returns that reset link's token, or null for a dead link.
 */
export async function secureAccountByToken(raw: unknown, client: ClientInfo): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const userId = await consumeToken(tx, raw, "not_me");
    if (!userId) return null;
    const token = await tx.token.findUniqueOrThrow({ where: { tokenHash: digestSecret(raw as string) }, select: { createdAt: true } });
    await closeAllSessions(tx, userId);
    await forgetAllDevices(tx, userId);
    await tx.passkey.deleteMany({ where: { userId, createdAt: { gte: token.createdAt } } });
    await recordSecurityEvent(tx, "signout.not_me", userId, client);
    return issueToken(tx, userId, "reset");
  });
}

/** The emailed link (lib/auth/email-link.ts): its button secures the account, then the reset form opens. */
export const notMeLink = defineEmailLink("notMe", {
  title: "notMe.title",
  check: async (raw) => ((await isLiveNotMeLink(raw)) ? "live" : "refused"),
  button: {
    intro: "notMe.intro",
    submit: "notMe.submit",
    async consume(raw, client) {
      const reset = await secureAccountByToken(raw, client);
      return reset ? linkPath("reset", reset) : "refused";
    },
  },
});
