import "server-only";
import { checkConfirmationLink, confirmAccountByToken } from "@/lib/auth/confirmation";
import { confirmEmailChangeByToken, isLiveEmailChangeLink } from "@/lib/auth/email-change";
import { isLiveUnlockLink, unlockByToken } from "@/lib/auth/lockout";
import type { ClientInfo } from "@/lib/request/client-info";
import { emailLinkFlows } from "@/lib/flows";

// The emailed links that act on one button press. Mail scanners (Outlook Safe
// Links and the like) fetch every link of an email before its owner does, so
// opening one (GET or HEAD) only checks it; the button's POST uses it up. The
// reset link already works so (its page holds the password form).

export type ButtonLinkFlow = "confirm" | "unlock" | "emailChange";

/** Where a refused link of a flow leads: its request page's invalid-link variant, else the sign-in page. */
function invalidLinkPath(flow: ButtonLinkFlow): string {
  const page = emailLinkFlows[flow].requestPage;
  return page ? `${page}?error=invalidLink` : "/connexion?code=invalidLink";
}

const links: Record<
  ButtonLinkFlow,
  {
    /** null when the button would act; otherwise the path the visitor is sent to at once. */
    check(raw: unknown): Promise<string | null>;
    /** Uses the link up (or finds it spent) and returns the path of the outcome. */
    consume(raw: unknown, client: ClientInfo): Promise<string>;
  }
> = {
  confirm: {
    async check(raw) {
      const state = await checkConfirmationLink(raw);
      if (state === "live") return null;
      return state === "alreadyConfirmed" ? "/connexion?error=alreadyConfirmed" : invalidLinkPath("confirm");
    },
    async consume(raw, client) {
      const result = await confirmAccountByToken(raw, client);
      if (result === "confirmed") return "/connexion?notice=confirmed";
      return result === "alreadyConfirmed" ? "/connexion?error=alreadyConfirmed" : invalidLinkPath("confirm");
    },
  },
  unlock: {
    async check(raw) {
      return (await isLiveUnlockLink(raw)) ? null : invalidLinkPath("unlock");
    },
    async consume(raw, client) {
      return (await unlockByToken(raw, client)) ? "/connexion?notice=unlocked" : invalidLinkPath("unlock");
    },
  },
  emailChange: {
    async check(raw) {
      return (await isLiveEmailChangeLink(raw)) ? null : invalidLinkPath("emailChange");
    },
    async consume(raw, client) {
      const result = await confirmEmailChangeByToken(raw, client);
      if (result === "changed") return "/connexion?notice=emailChanged";
      return result === "taken" ? "/connexion?code=emailTaken" : invalidLinkPath("emailChange");
    },
  },
};

/** Opening a link: null when its page should show the button, else where to send the visitor. Changes nothing. */
export function checkEmailLink(flow: ButtonLinkFlow, raw: unknown): Promise<string | null> {
  return links[flow].check(raw);
}

/** The button: uses the link up and returns where to send the visitor. Of two racing presses, one acts. */
export function consumeEmailLink(flow: ButtonLinkFlow, raw: unknown, client: ClientInfo): Promise<string> {
  return links[flow].consume(raw, client);
}

/** Where any link leads while the database cannot be reached; the link stays unused and works again later. */
export const UNAVAILABLE_PATH = "/connexion?code=unavailable";
