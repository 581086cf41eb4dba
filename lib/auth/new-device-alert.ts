import "server-only";
import { db } from "@/lib/db";
import type { ClientInfo } from "@/lib/request/client-info";
import { describeUserAgent } from "./user-agent";
import { localeOr } from "@/lib/i18n/config";
import { outboxRow, type OutboxRow } from "@/lib/mail";
import { defineEmailLink } from "./email-link";
import { findTokenUser, standaloneToken, type StandaloneToken } from "./tokens";

// The new-device alert: a sign-in (password or passkey) from a browser the
// account does not know emails the owner "Nouvelle connexion à votre compte"
// with when, the approximate device and the IP address, and a "Ce n'était
// pas moi" link. That link (`notMeLink`, a not_me token) opens a page whose
// button ends every way in the intruder may hold (lib/auth/not-me.ts).
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
 * The emailed link (lib/auth/email-link.ts). Its page
 * (app/[locale]/ce-n-etait-pas-moi/[token]) holds the button, which ends
 * every way in the intruder may hold and lists what it undid
 * (lib/auth/not-me.ts); the new password comes through the reset link it emails.
 */
export const notMeLink = defineEmailLink("notMe", {
  title: "notMe.title",
  check: async (raw) => ((await isLiveNotMeLink(raw)) ? "live" : "refused"),
});
