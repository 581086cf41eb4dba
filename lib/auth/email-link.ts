import "server-only";
import { emailLinkRoutes, linkPath, type FlowName } from "@/lib/flows";
import type { CatalogueKey } from "@/lib/i18n/messages";
import { appLink } from "@/lib/mail";
import type { ClientInfo } from "@/lib/request/client-info";

// The server half of an emailed-link flow's declaration; its route (path,
// token purpose, lifetime, request page, how a refusal answers, the event it
// journals) is the other half, in lib/flows.ts, which the proxy reads.
//
// Each capability module declares its own link:
//
//   export const unlockLink = defineEmailLink("unlock", {
//     title: "link.unlockTitle",
//     check: async (raw) => ((await isLiveUnlockLink(raw)) ? "live" : "refused"),
//     button: { intro: "link.unlockIntro", submit: "link.unlockSubmit", consume: … },
//   });
//
// and builds the link its email carries with `unlockLink.url(raw)`. With a
// `button`, the flow's page is app/[locale]/[link]/[token] (one button whose
// POST is the only request that uses the link up: mail scanners fetch every
// link of an email). Without one, the flow has a page of its own that calls
// `check` (the reset form).
//
// A new flow: its purpose in prisma/schema.prisma (+ migration), its row in
// lib/flows.ts, `export const …Link = defineEmailLink("flow", …)` in its
// capability module, its email template (a file of emails/), its texts in
// messages/*.json. Nothing else: the registries of declarations and templates
// are written from the tree (scripts/generate-registries.mjs), and a route
// without a declaration does not compile.

/** A path on this site ("/connexion?notice=confirmed"): where the visitor is sent. */
export type SitePath = `/${string}`;

/**
 * What opening a link finds, without changing anything: "live" (the page
 * shows its button or form), "refused" (the flow's invalid-link answer,
 * lib/flows.ts), or a path to send the visitor to at once (a spent
 * confirmation link says the account is confirmed).
 */
export type LinkCheck = "live" | "refused" | SitePath;

export type EmailLinkButton = {
  intro: CatalogueKey;
  submit: CatalogueKey;
  /** Uses the link up, in the transaction of its effect: where to send the visitor, or "refused". Of two racing presses, one acts. */
  consume(raw: unknown, client: ClientInfo): Promise<"refused" | SitePath>;
};

export type EmailLinkDeclaration = {
  /** The page's title (its <title> and heading). */
  title: CatalogueKey;
  check(raw: unknown): Promise<LinkCheck>;
  /** The one-button page; absent when the flow has a page of its own. */
  button?: EmailLinkButton;
};

export type EmailLink<F extends FlowName = FlowName> = EmailLinkDeclaration & {
  flow: F;
  route: (typeof emailLinkRoutes)[F];
  /** The absolute URL an email carries for a raw token. */
  url(raw: string): string;
};

const declared = new Map<FlowName, EmailLink>();

/** Declares the server half of a flow (see above). A flow is declared once. */
export function defineEmailLink<F extends FlowName>(flow: F, declaration: EmailLinkDeclaration): EmailLink<F> {
  if (!Object.hasOwn(emailLinkRoutes, flow)) throw new Error(`defineEmailLink: "${flow}" has no route in lib/flows.ts`);
  if (declared.has(flow)) throw new Error(`defineEmailLink: "${flow}" is declared twice`);
  const link: EmailLink<F> = {
    ...declaration,
    flow,
    route: emailLinkRoutes[flow],
    url: (raw) => appLink(linkPath(flow, raw)),
  };
  declared.set(flow, link);
  return link;
}

/** The declared link of a flow, or null when its capability module has not declared it (or is not loaded). */
export function declaredEmailLink(flow: FlowName): EmailLink | null {
  return declared.get(flow) ?? null;
}
