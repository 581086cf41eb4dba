import "server-only";
import { createActionURL } from "@auth/core";
import { getToken } from "next-auth/jwt";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db";
import { auth } from "./auth";
import { authSecret } from "@/lib/auth-secret";

// The data access layer for pages: who is signed in, read once per request.

export type CurrentUser = {
  id: string;
  pseudo: string;
  email: string;
  confirmed: boolean;
  /** A sign-in found the current password in a known breach (breached-passwords.ts). */
  passwordBreached: boolean;
};

export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, pseudo: true, email: true, emailVerified: true, passwordBreachedAt: true },
  });
  if (!user) return null;
  return {
    id: user.id,
    pseudo: user.pseudo,
    email: user.email,
    confirmed: user.emailVerified !== null,
    passwordBreached: user.passwordBreachedAt !== null,
  };
});

/** For pages under /compte: the signed-in user, or a trip to /connexion and back. */
export async function requireUser(returnTo: string): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect(`/connexion?returnTo=${encodeURIComponent(returnTo)}`);
  return user;
}

/**
 * The server-side session id of this request, read from the encrypted cookie
 * (it is never sent to the browser in clear): "keep this session" needs it.
 */
export async function currentSessionId(): Promise<string | undefined> {
  const requestHeaders = await headers();
  // The cookie auth() read: Auth.js names it `__Secure-…` when the URL it
  // builds for the request is https, from X-Forwarded-Proto (set by Next from
  // the connection, or kept from a trusted proxy: server/ drops the client's
  // otherwise). Ask Auth.js's own function rather than guess from the names
  // the browser sent, so both read the same cookie.
  const proto = requestHeaders.get("x-forwarded-proto") ?? "https";
  const url = createActionURL("session", proto, requestHeaders, process.env, { basePath: "/api/auth" });
  const secureCookie = url.protocol === "https:";
  const token = await getToken({ req: { headers: requestHeaders }, secret: authSecret(), secureCookie });
  return typeof token?.sid === "string" ? token.sid : undefined;
}
