// The flows that run through an emailed link, in one table: the path of the
// link (it carries a token), the page where the user asks for a new one, and
// the token's purpose. The proxy, the security headers, the page routes and
// the tests read it, so a new flow is one row here.

import type { TokenPurpose } from "@/lib/db/generated/enums";

export type EmailLinkFlow = {
  /** The emailed link's path: `${linkPath}/<token>`. */
  linkPath: string;
  /** The "send me a new link" page a refused link leads to, if the flow has one. */
  requestPage: string | null;
  purpose: TokenPurpose;
};

export const emailLinkFlows = {
  confirm: { linkPath: "/confirmation", requestPage: "/confirmation", purpose: "confirm" },
  unlock: { linkPath: "/deverrouillage", requestPage: "/deverrouillage", purpose: "unlock" },
  reset: { linkPath: "/reinitialisation", requestPage: "/mot-de-passe-oublie", purpose: "reset" },
  emailChange: { linkPath: "/changement-email", requestPage: null, purpose: "email_change" },
  // "Ce n'était pas moi" in the new-device alert: a dead link leads to the reset request instead.
  notMe: { linkPath: "/ce-n-etait-pas-moi", requestPage: "/mot-de-passe-oublie", purpose: "not_me" },
} as const satisfies Record<string, EmailLinkFlow>;

export type FlowName = keyof typeof emailLinkFlows;

const flows: readonly EmailLinkFlow[] = Object.values(emailLinkFlows);

/** The pages that send an email on request (each has an ?error=invalidLink variant rendered at build time). */
export const requestPages: ReadonlySet<string> = new Set(
  flows.map((flow) => flow.requestPage).filter((page): page is string => page !== null),
);

const tokenPath = new RegExp(`^(?:${flows.map((flow) => flow.linkPath.replace(/[-/]/g, "\\$&")).join("|")})/[^/]+`);

/** Paths whose URL carries a token: never sent on as a Referer, never cached. */
export function carriesToken(pathname: string): boolean {
  return tokenPath.test(pathname);
}
