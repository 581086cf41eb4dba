import "server-only";
import { cookies } from "next/headers";
import { isProduction } from "@/lib/env";

// Our own cookies (the device, the email status handle, the passkey
// challenge): one shape, one way to set them.

/** A cookie lib/ hands to the request layer to set. */
export type AppCookie = { name: string; value: string; maxAge: number; secure: boolean };

/**
 * Whether cookies get `Secure` and a `__Host-` name: in production only, as
 * development runs on http://localhost. Read where a module loads, so a
 * missing setting falls back rather than throws.
 */
export function secureCookies(): boolean {
  try {
    return isProduction();
  } catch {
    return false;
  }
}

/** Sets one of our cookies on the response of the current request (server action or route handler): HttpOnly, whole site. */
export async function setAppCookie(cookie: AppCookie, sameSite: "lax" | "strict" = "lax"): Promise<void> {
  (await cookies()).set(cookie.name, cookie.value, { httpOnly: true, sameSite, secure: cookie.secure, path: "/", maxAge: cookie.maxAge });
}

/**
 * Removes one of our cookies from the browser. A `__Host-` cookie is only
 * replaced by one with the same attributes (Secure, Path=/): Next's
 * cookies().delete() sends neither, and the browser keeps the old value.
 */
export async function clearAppCookie(name: string): Promise<void> {
  (await cookies()).set(name, "", { httpOnly: true, secure: secureCookies(), path: "/", maxAge: 0 });
}
