import "server-only";
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
  const secureCookie = (requestHeaders.get("cookie") ?? "").includes("__Secure-authjs.session-token");
  const token = await getToken({ req: { headers: requestHeaders }, secret: authSecret(), secureCookie });
  return typeof token?.sid === "string" ? token.sid : undefined;
}
