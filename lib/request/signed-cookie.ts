import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { now } from "@/lib/clock";
import { authSecret } from "@/lib/auth-secret";
import { secureCookies, type AppCookie } from "./cookies";

// The one way we put a value in a cookie that only this server can have
// made: HMAC-SHA-256 keyed from AUTH_SECRET and the cookie's purpose, over
// the payload and an expiry. A value signed for one purpose never verifies
// for another (a device cookie is not a passkey challenge), a changed
// character or a past expiry is refused, and the comparison takes the same
// time wherever the signatures differ. The payload is readable by its
// holder: never put a secret in it that the holder may not see.
//
// Value: `<payload>.<expiry, unix seconds>.<signature, base64url>`.

/** Every purpose a signed cookie serves; one per cookie, so no value crosses from one to another. */
export type CookiePurpose = "device" | "passkey-challenge" | "email-status" | "sign-up-browser" | "closed-account" | "two-step";

const MAX_VALUE_LENGTH = 512;

function mac(purpose: CookiePurpose, signed: string): string {
  return createHmac("sha256", `${authSecret()}:signed-cookie:${purpose}`).update(signed).digest("base64url");
}

/** A value for `purpose` carrying `payload`, valid for `maxAgeSeconds` from now. */
export function sign(purpose: CookiePurpose, payload: string, maxAgeSeconds: number): string {
  const signed = `${payload}.${Math.floor(now().getTime() / 1000) + maxAgeSeconds}`;
  return `${signed}.${mac(purpose, signed)}`;
}

/** The payload of a value signed for `purpose` that has not expired; undefined for anything else. */
export function verify(purpose: CookiePurpose, value: string | undefined): string | undefined {
  if (!value || value.length > MAX_VALUE_LENGTH) return undefined;
  const cut = value.lastIndexOf(".");
  if (cut < 0) return undefined;
  const signed = value.slice(0, cut);
  // Compared as text: decoding base64url first would let a last character's unused bits vary.
  const given = Buffer.from(value.slice(cut + 1));
  const expected = Buffer.from(mac(purpose, signed));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const dot = signed.lastIndexOf(".");
  const expires = Number(signed.slice(dot + 1));
  if (dot < 0 || !Number.isSafeInteger(expires) || expires * 1000 <= now().getTime()) return undefined;
  return signed.slice(0, dot);
}

export type SignedCookie = {
  /** `__Host-<name>` where cookies are secure (production), else the bare name. */
  name: string;
  /** The cookie to set (setAppCookie) for this payload. */
  issue(payload: string): AppCookie;
  /** The payload of a value, when it was signed for this cookie and has not expired. */
  verify(value: string | undefined): string | undefined;
  /** The payload of this cookie on the current request (Next's cookies()), when it verifies. */
  read(): Promise<string | undefined>;
};

/** One of our signed cookies: its purpose, its name and how long a value lives (the browser's Max-Age too). */
export function signedCookie(purpose: CookiePurpose, baseName: string, maxAgeSeconds: number): SignedCookie {
  const name = secureCookies() ? `__Host-${baseName}` : baseName;
  return {
    name,
    issue: (payload) => ({ name, value: sign(purpose, payload, maxAgeSeconds), maxAge: maxAgeSeconds, secure: secureCookies() }),
    verify: (value) => verify(purpose, value),
    read: async () => verify(purpose, (await cookies()).get(name)?.value),
  };
}
