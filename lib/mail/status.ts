import "server-only";
import { db } from "@/lib/db";
import type { DeliveryState } from "@/lib/db/generated/enums";
import type { EmailStatusView, FollowedEmail } from "@/lib/validation/email-status";
import type { AppCookie } from "@/lib/request/cookies";
import { signedCookie } from "@/lib/request/signed-cookie";

// The status line (docs/email-delivery.md): the browser that asked for an email sees what
// became of it, and only that browser. It holds a handle naming the email,
// signed with AUTH_SECRET and short-lived, in an HttpOnly cookie: an email id
// is a random UUID that nobody else sees, and the signature means a handle
// cannot be made for an id learnt some other way. The handle carries the
// masked address, so that the line can show it before the email is queued
// (the request's email work runs just after its answer).

const HANDLE_MAX_AGE_SECONDS = 3600;
const handleCookie = signedCookie("email-status", "sesame.email", HANDLE_MAX_AGE_SECONDS);

/** "j•••@exemple.fr": enough for its owner to spot a typo, not enough to read the address off a screen. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 1) return "•••";
  return `${address.slice(0, 1)}•••${address.slice(at)}`;
}

export type StatusCookie = AppCookie;

/** What a handle follows: a request's email (whose account, if any, the answer must not tell), or a sign-up's, bound to its account. */
export type Follows = { followed: "request" } | { followed: "signup"; accountId: string };

/** The cookie that lets this browser follow the email `emailId`, sent to `address`. */
export function statusCookie(emailId: string, address: string, follows: Follows): StatusCookie {
  const accountId = follows.followed === "signup" ? follows.accountId : "";
  return handleCookie.issue([emailId, follows.followed, accountId, Buffer.from(maskAddress(address)).toString("base64url")].join("."));
}

export const STATUS_COOKIE = handleCookie.name;

/**
 * A sign-up's handle names the account it was issued for, not only its
 * email: an address is matched again nowhere, so a stale handle cannot reach
 * an account signed up later with the same address (hostile probe, round 2).
 */
type Handle = { emailId: string; followed: FollowedEmail; accountId: string | null; masked: string };

/** The handle a cookie holds, when its signature holds and it has not expired. */
export function readStatusCookie(value: string | undefined): Handle | null {
  const parts = handleCookie.verify(value)?.split(".");
  if (parts?.length !== 4) return null;
  const [emailId, followed, accountId, masked] = parts as [string, string, string, string];
  if (followed !== "request" && followed !== "signup") return null;
  if ((followed === "signup") !== (accountId !== "")) return null;
  return { emailId, followed, accountId: accountId || null, masked: Buffer.from(masked, "base64url").toString("utf8") };
}

const shown: Record<DeliveryState, EmailStatusView["state"]> = {
  queued: "sending",
  sent: "sending",
  delayed: "delayed",
  delivered: "delivered",
  bounced: "refused",
  suppressed: "refused",
  complained: "spam",
  failed: "failed",
};

/** What the line says for a handle; null when there is nothing this browser may follow. */
export async function emailStatus(cookieValue: string | undefined): Promise<EmailStatusView | null> {
  const handle = readStatusCookie(cookieValue);
  if (!handle) return null;
  const row = await db.outboxEmail.findUnique({
    where: { id: handle.emailId },
    select: { delivery: true, deliveryAt: true, template: true },
  });
  // Not queued yet: the request's email work runs just after its answer.
  if (!row) return { state: "sending", address: handle.masked, at: null, canCorrect: false };
  const state = shown[row.delivery];
  return {
    state,
    address: handle.masked,
    at: row.deliveryAt?.toISOString() ?? null,
    // A sign-up's confirmation refused by the mailbox: the address was likely mistyped (docs/flows.md).
    canCorrect: handle.followed === "signup" && state === "refused" && row.template === "confirm-account",
  };
}
