import "server-only";
import { declaredEmailLink, type EmailLink, type EmailLinkButton, type SitePath } from "@/lib/auth/email-link";
import { confirmationLink } from "@/lib/auth/confirmation";
import { emailChangeLink } from "@/lib/auth/email-change";
import { unlockLink } from "@/lib/auth/lockout";
import { notMeLink } from "@/lib/auth/new-device-alert";
import { passkeyNotMeLink } from "@/lib/auth/not-me";
import { resetLink } from "@/lib/auth/recovery";
import { recoveryAddressLink } from "@/lib/auth/recovery-address";
import { recoveryCancelLink, recoveryRequestLink } from "@/lib/auth/lost-mailbox";
import { deletionCancelLink } from "@/lib/privacy/deletion";
import { flowAt, invalidLinkPath, type FlowName } from "@/lib/flows";
import type { ClientInfo } from "@/lib/request/client-info";
import { orWhenUnavailable } from "@/lib/request/unavailable";

// Serves every declared emailed link (lib/auth/email-link.ts). Mail scanners
// (Outlook Safe Links and the like) fetch every link of an email before its
// owner does, so opening one (GET or HEAD) only checks it; the button's POST
// uses it up. The reset link already works so (its page holds the password
// form).

// Every flow of lib/flows.ts, declared by its capability module: a flow left
// out here does not compile, and this import is what loads its declaration.
const declarations: { [F in FlowName]: EmailLink<F> } = {
  confirm: confirmationLink,
  unlock: unlockLink,
  reset: resetLink,
  emailChange: emailChangeLink,
  notMe: notMeLink,
  passkeyNotMe: passkeyNotMeLink,
  deletionCancel: deletionCancelLink,
  recoveryAddress: recoveryAddressLink,
  recoveryRequest: recoveryRequestLink,
  recoveryCancel: recoveryCancelLink,
};
void declarations;

/** Where any link leads while the database cannot be reached; the link stays unused and works again later. */
export const UNAVAILABLE_PATH = "/connexion?code=unavailable";

function declared(flow: FlowName): EmailLink {
  const link = declaredEmailLink(flow);
  if (!link) throw new Error(`the emailed link "${flow}" has a route but no defineEmailLink`);
  return link;
}

/** A link served by the one-button page. */
export type ButtonLink = EmailLink & { button: EmailLinkButton };

/** The link whose page app/[locale]/[link]/[token] serves at /<segment>/…: a declared flow with a button, else null (a 404). */
export function buttonLinkAt(segment: string): ButtonLink | null {
  const flow = flowAt(`/${segment}`);
  const link = flow ? declaredEmailLink(flow) : null;
  return link?.button ? (link as ButtonLink) : null;
}

/**
 * What the page of a link shows: its button or form ("live"), the refusal
 * on the page itself ("refused", the flows whose refusal is "page"),
 * "unavailable" for those same flows while the database is down, or a path to
 * send the visitor to at once. Changes nothing.
 */
export async function openEmailLink(flow: FlowName, raw: unknown): Promise<"live" | "refused" | "unavailable" | SitePath> {
  const link = declared(flow);
  const inPage = link.route.refusal === "page";
  const state = await orWhenUnavailable<"live" | "refused" | "unavailable" | SitePath>(
    () => link.check(raw),
    () => (inPage ? "unavailable" : UNAVAILABLE_PATH),
  );
  return state === "refused" && !inPage ? invalidLinkPath(flow) : state;
}

/**
 * The button: uses the link up and returns where to send the visitor. Of two
 * racing presses, one acts. A refused press goes to the flow's invalid-link
 * page (its request page's variant, whatever the flow shows on a GET).
 */
export async function pressEmailLink(flow: FlowName, raw: unknown, client: ClientInfo): Promise<SitePath> {
  const { button } = declared(flow);
  if (!button) return invalidLinkPath(flow);
  const outcome = await orWhenUnavailable<"refused" | SitePath>(
    () => button.consume(raw, client),
    () => UNAVAILABLE_PATH,
  );
  return outcome === "refused" ? invalidLinkPath(flow) : outcome;
}

/** The flows whose refused links redirect (lib/next/email-links.test.ts proves each). */
export type ButtonLinkFlow = "unlock" | "emailChange";

/** Opening a link of those flows: null when its page should show the button, else where to send the visitor. */
export async function checkEmailLink(flow: ButtonLinkFlow, raw: unknown): Promise<string | null> {
  const state = await openEmailLink(flow, raw);
  return state === "live" ? null : state;
}

export const consumeEmailLink: (flow: ButtonLinkFlow, raw: unknown, client: ClientInfo) => Promise<string> = pressEmailLink;
