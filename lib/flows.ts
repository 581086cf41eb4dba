// The emailed-link flows, declared once each. A declaration has two halves,
// because the proxy and the browser may not load server code:
//
// - here, the route: what the proxy, the page routes, the security headers,
//   the token lifetimes and the journal need, as plain data (this module is
//   browser-safe and imports nothing that runs);
// - in the capability's own module, `defineEmailLink(flow, { … })`
//   (lib/auth/email-link.ts): the page's texts and what opening the link
//   (`check`) and pressing its button (`consume`) do.
//
// Everything else is derived: the token purposes and their lifetimes
// (lib/auth/tokens.ts), the links the emails carry (`linkUrl`), the one-button
// page every flow gets from app/[locale]/[link]/[token] with no folder of its
// own, the invalid-link answer and its "send me a new link" page, the
// no-referrer/no-store headers, the pages built ahead, the journal labels and
// the hostile suites' route lists. lib/auth/email-link.ts tells how to add one.

import type { TokenPurpose } from "@/lib/db/generated/enums";

/** The setting (lib/env.ts) that gives a link's lifetime, in its unit. */
export type LinkLifetime =
  | { setting: "CONFIRM_TOKEN_TTL_HOURS" | "UNLOCK_TOKEN_TTL_HOURS"; unit: "hours" }
  | { setting: "RESET_TOKEN_TTL_MINUTES"; unit: "minutes" }
  | { setting: "NOT_ME_TOKEN_TTL_DAYS" | "ACCOUNT_DELETION_DELAY_DAYS" | "RECOVERY_CANCEL_TTL_DAYS"; unit: "days" };

export type EmailLinkRoute = {
  /** The emailed link is `${path}/<token>`. Links already sent keep working: never change one. */
  path: `/${string}`;
  /** The token's purpose: one per flow. */
  purpose: TokenPurpose;
  lifetime: LinkLifetime;
  /** The "send me a new link" page a refused link points to (it has a built-ahead ?code=invalidLink variant), if any. */
  requestPage: `/${string}` | null;
  /**
   * How a refused link answers when opened: "redirect" to the request page's
   * invalid-link variant (or the sign-in page's), or "page": the link's own
   * page says so, with a link to the request page.
   */
  refusal: "redirect" | "page";
  /** The journal entry that using the link records (its label is account.event_… in the catalogues). */
  event: `${string}.${string}`;
};

export const emailLinkRoutes = {
  confirm: {
    path: "/confirmation",
    purpose: "confirm",
    lifetime: { setting: "CONFIRM_TOKEN_TTL_HOURS", unit: "hours" },
    requestPage: "/confirmation",
    refusal: "redirect",
    event: "account.confirmed",
  },
  unlock: {
    path: "/deverrouillage",
    purpose: "unlock",
    lifetime: { setting: "UNLOCK_TOKEN_TTL_HOURS", unit: "hours" },
    requestPage: "/deverrouillage",
    refusal: "redirect",
    event: "account.unlocked",
  },
  reset: {
    path: "/reinitialisation",
    purpose: "reset",
    lifetime: { setting: "RESET_TOKEN_TTL_MINUTES", unit: "minutes" },
    requestPage: "/mot-de-passe-oublie",
    refusal: "page",
    event: "password.reset",
  },
  emailChange: {
    path: "/changement-email",
    purpose: "email_change",
    lifetime: { setting: "CONFIRM_TOKEN_TTL_HOURS", unit: "hours" },
    requestPage: null,
    refusal: "redirect",
    event: "email.changed",
  },
  // "Ce n'était pas moi" in the new-device alert: a dead link points to the reset request instead.
  notMe: {
    path: "/ce-n-etait-pas-moi",
    purpose: "not_me",
    lifetime: { setting: "NOT_ME_TOKEN_TTL_DAYS", unit: "days" },
    requestPage: "/mot-de-passe-oublie",
    refusal: "page",
    event: "signout.not_me",
  },
  // "Ce n'était pas moi" in the passkey-added email: removes that passkey and does what the alert's link does.
  passkeyNotMe: {
    path: "/cle-d-acces-inconnue",
    purpose: "passkey_not_me",
    lifetime: { setting: "NOT_ME_TOKEN_TTL_DAYS", unit: "days" },
    requestPage: "/mot-de-passe-oublie",
    refusal: "page",
    event: "signout.not_me",
  },
  // "Annuler la suppression" in the email that says the account is closed; lives as long as the grace period.
  deletionCancel: {
    path: "/annulation-suppression",
    purpose: "deletion_cancel",
    lifetime: { setting: "ACCOUNT_DELETION_DELAY_DAYS", unit: "days" },
    requestPage: null,
    refusal: "redirect",
    event: "account.deletion_cancelled",
  },
  // "Adresse de secours" on /compte: the link sent to that address confirms it is the owner's.
  recoveryAddress: {
    path: "/adresse-de-secours",
    purpose: "recovery_address",
    lifetime: { setting: "CONFIRM_TOKEN_TTL_HOURS", unit: "hours" },
    requestPage: null,
    refusal: "redirect",
    event: "recovery_address.confirmed",
  },
  // "Confirmer la demande": the new address named on /acces-perdu (or, for a lost authenticator, the account's own) confirms the recovery request (lib/auth/lost-mailbox.ts).
  recoveryRequest: {
    path: "/demande-de-recuperation",
    purpose: "recovery_request",
    lifetime: { setting: "CONFIRM_TOKEN_TTL_HOURS", unit: "hours" },
    requestPage: null,
    refusal: "redirect",
    event: "recovery.confirmed",
  },
  // "Annuler cette demande" in the notices sent to every address on file; outlives the request's wait.
  recoveryCancel: {
    path: "/annulation-recuperation",
    purpose: "recovery_cancel",
    lifetime: { setting: "RECOVERY_CANCEL_TTL_DAYS", unit: "days" },
    requestPage: null,
    refusal: "redirect",
    event: "recovery.cancelled",
  },
} as const satisfies Record<string, EmailLinkRoute>;

export type FlowName = keyof typeof emailLinkRoutes;
export type EmailLinkEvent = (typeof emailLinkRoutes)[FlowName]["event"];

// Each purpose belongs to exactly one flow: a purpose added to the schema without its flow does not compile.
type PurposeOf<F extends FlowName> = (typeof emailLinkRoutes)[F]["purpose"];
const everyPurposeHasAFlow: Record<TokenPurpose, true> = { ...({} as Record<PurposeOf<FlowName>, true>) };
void everyPurposeHasAFlow;

// Everything below reads the table when asked rather than copying it at load
// time, so that a test can declare a throw-away flow (lib/flows.test.ts).
const routes = (): EmailLinkRoute[] => Object.values(emailLinkRoutes);
/** Every declared flow. */
export const flowNames = () => Object.keys(emailLinkRoutes) as FlowName[];

/** The flow whose links use a purpose. */
export function flowOfPurpose(purpose: TokenPurpose): FlowName {
  return flowNames().find((flow) => emailLinkRoutes[flow].purpose === purpose)!;
}

/** The flow whose links start with a path ("/confirmation"), if any. */
export function flowAt(path: string): FlowName | null {
  return flowNames().find((flow) => emailLinkRoutes[flow].path === path) ?? null;
}

/** The path of a flow's link carrying a raw token (the emails add the site's origin). */
export function linkPath(flow: FlowName, raw: string): `/${string}` {
  return `${emailLinkRoutes[flow].path}/${raw}`;
}

/** Where a refused link of a flow sends its visitor: its request page's invalid-link variant, else the sign-in page. */
export function invalidLinkPath(flow: FlowName): `/${string}` {
  const page = emailLinkRoutes[flow].requestPage;
  return page ? `${page}?code=invalidLink` : "/connexion?code=invalidLink";
}

/** The pages that send an email on request (each has a ?code=invalidLink variant rendered at build time). */
export function requestPages(): string[] {
  return [...new Set(routes().flatMap((route) => (route.requestPage ? [route.requestPage] : [])))];
}

/** Paths whose URL carries a token: never sent on as a Referer, never cached. */
export function carriesToken(pathname: string): boolean {
  return routes().some(({ path }) => pathname.startsWith(`${path}/`) && /^[^/]/.test(pathname.slice(path.length + 1)));
}
