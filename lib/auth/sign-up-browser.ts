import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { authSecret } from "@/lib/auth-secret";
import { secureCookies, type AppCookie } from "@/lib/request/cookies";

// The browser that signed up: a signed, httpOnly cookie naming the new
// account, for as long as its confirmation link lives. The confirmation page
// confirms at once in that browser; any other browser must give the account's
// password first, so that the owner of an address cannot confirm, by pressing
// a button, an account a stranger pre-created with it (hostile probe, round 2).
// Owns: the sign-up cookie.

export const SIGN_UP_COOKIE = secureCookies() ? "__Host-sesame.signup" : "sesame.signup";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const sign = (payload: string) => createHmac("sha256", `${authSecret()}:sign-up-browser`).update(payload).digest("base64url");

/** The cookie the sign-up answer sets. */
export function signUpBrowserCookie(userId: string): AppCookie {
  const maxAge = env().CONFIRM_TOKEN_TTL_HOURS * 3600;
  const payload = `${userId}.${Math.floor(now().getTime() / 1000) + maxAge}`;
  return { name: SIGN_UP_COOKIE, value: `${payload}.${sign(payload)}`, maxAge, secure: secureCookies() };
}

/** The account a sign-up cookie names, when its signature holds and it has not expired. */
export function readSignUpBrowserCookie(value: string | undefined): string | null {
  if (!value || value.length > 200) return null;
  const [userId, expires, signature] = value.split(".");
  if (!userId || !expires || !signature || !UUID.test(userId)) return null;
  const expected = Buffer.from(sign(`${userId}.${expires}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return Number(expires) * 1000 > now().getTime() ? userId : null;
}
