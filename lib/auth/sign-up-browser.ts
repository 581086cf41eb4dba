import "server-only";
import { env } from "@/lib/env";
import type { AppCookie } from "@/lib/request/cookies";
import { signedCookie } from "@/lib/request/signed-cookie";

// The browser that signed up: a signed, httpOnly cookie naming the new
// account, for as long as its confirmation link lives. The confirmation page
// confirms at once in that browser; any other browser must give the account's
// password first, so that the owner of an address cannot confirm, by pressing
// a button, an account a stranger pre-created with it (docs/flows.md).
// Owns: the sign-up cookie.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let cookie: ReturnType<typeof signedCookie> | undefined;
// Built on first use: its lifetime is a setting, read once the environment is.
const signUpCookie = () => (cookie ??= signedCookie("sign-up-browser", "sesame.signup", env().CONFIRM_TOKEN_TTL_HOURS * 3600));

/** The cookie's name on this deployment (`__Host-` where cookies are secure). */
export const signUpCookieName = () => signUpCookie().name;

/** The cookie the sign-up answer sets. */
export function signUpBrowserCookie(userId: string): AppCookie {
  return signUpCookie().issue(userId);
}

/** The account a sign-up cookie names, when its signature holds and it has not expired. */
export function readSignUpBrowserCookie(value: string | undefined): string | null {
  const userId = signUpCookie().verify(value);
  return userId && UUID.test(userId) ? userId : null;
}
