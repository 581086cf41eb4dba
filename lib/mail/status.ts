import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import type { DeliveryState } from "@/lib/db/generated/enums";
import { authSecret } from "@/lib/auth-secret";
import type { EmailStatusView, FollowedEmail } from "@/lib/validation/email-status";
import { secureCookies } from "@/lib/request/cookies";

// The status line (SPEC §5): the browser that asked for an email sees what
// became of it, and only that browser. It holds a handle naming the email,
// signed with AUTH_SECRET and short-lived, in an HttpOnly cookie: an email id
// is a random UUID that nobody else sees, and the signature means a handle
// cannot be made for an id learnt some other way. The handle carries the
// masked address, so that the line can show it before the email is queued
// (the request's email work runs just after its answer).

const COOKIE = secureCookies() ? "__Host-sesame.email" : "sesame.email";
const HANDLE_MAX_AGE_SECONDS = 3600;

/** "j•••@exemple.fr": enough for its owner to spot a typo, not enough to read the address off a screen. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 1) return "•••";
  return `${address.slice(0, 1)}•••${address.slice(at)}`;
}

const sign = (payload: string) => createHmac("sha256", `${authSecret()}:email-status`).update(payload).digest("base64url");

export type StatusCookie = { name: string; value: string; maxAge: number; secure: boolean };

/** What a handle follows: a request's email (whose account, if any, the answer must not tell), or a sign-up's, bound to its account. */
export type Follows = { followed: "request" } | { followed: "signup"; accountId: string };

/** The cookie that lets this browser follow the email `emailId`, sent to `address`. */
export function statusCookie(emailId: string, address: string, follows: Follows): StatusCookie {
  const expires = Math.floor(now().getTime() / 1000) + HANDLE_MAX_AGE_SECONDS;
  const accountId = follows.followed === "signup" ? follows.accountId : "";
  const payload = [emailId, expires, follows.followed, accountId, Buffer.from(maskAddress(address)).toString("base64url")].join(".");
  return { name: COOKIE, value: `${payload}.${sign(payload)}`, maxAge: HANDLE_MAX_AGE_SECONDS, secure: secureCookies() };
}

export const STATUS_COOKIE = COOKIE;

/**
 * A sign-up's handle names the account it was issued for, not only its
 * email: an address is matched again nowhere, so a stale handle cannot reach
 * an account signed up later with the same address (hostile probe, round 2).
 */
type Handle = { emailId: string; followed: FollowedEmail; accountId: string | null; masked: string };

/** The handle a cookie holds, when its signature holds and it has not expired. */
export function readStatusCookie(value: string | undefined): Handle | null {
  if (!value || value.length > 350) return null;
  const parts = value.split(".");
  if (parts.length !== 6) return null;
  const [emailId, expires, followed, accountId, masked, signature] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(sign(parts.slice(0, 5).join(".")));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (Number(expires) * 1000 <= now().getTime()) return null;
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
    // A sign-up's confirmation refused by the mailbox: the address was likely mistyped (SPEC §5).
    canCorrect: handle.followed === "signup" && state === "refused" && row.template === "confirm-account",
  };
}
