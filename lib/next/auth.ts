import "server-only";
import { clearAppCookie, setAppCookie } from "@/lib/request/cookies";
import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import { after } from "next/server";
import Credentials from "next-auth/providers/credentials";
import { db, type PrismaClient } from "@/lib/db";
import { clientInfo } from "@/lib/request/client-info";
import { signInSchema } from "@/lib/validation/sign-in";
import { authenticate, authenticateSecondStep, authenticateWithPasskey, type SignInResult } from "@/lib/auth/authenticate";
import { requestChallengeHandle, TWO_STEP_COOKIE } from "@/lib/auth/two-step/challenge";
import { secondStepSchema } from "@/lib/validation/two-step";
import { CHALLENGE_COOKIE, requestChallengeId } from "@/lib/auth/passkeys/challenges";
import { requestDeviceToken } from "@/lib/auth/known-device";
import { orWhenUnavailable } from "@/lib/request/unavailable";
import type { ErrorCode } from "@/lib/validation/errors";
import { authSecret } from "@/lib/auth-secret";
import { closeSession, resolveSession, sessionMaxAgeSeconds } from "@/lib/auth/session";
import { log } from "@/lib/observability/log";
import { trackDeferredWork } from "@/lib/request/deferred-work";

// Auth.js wiring only: the rules live in authenticate.ts. Two Credentials
// providers, a password ("credentials") and a passkey ("passkey"), open the
// same kind of session. Credentials sign-ins need Auth.js's JWT strategy;
// the JWT carries a server-side session id (session.ts) so that sessions can
// be revoked.

/** Carries our error code to the caller (the sign-in action reads `code`). */
class SignInRefused extends CredentialsSignin {
  constructor(code: ErrorCode) {
    super();
    this.code = code;
  }
}

/**
 * The refusal to throw; a closed account's right proof leaves its cookie for
 * /suppression-prevue, a two-step account's right password the handle that
 * /connexion/code needs (and no session: the refusal is what Auth.js's
 * callback answers too, POST /api/auth/callback/credentials included).
 */
async function refused(result: Extract<SignInResult, { ok: false }>): Promise<SignInRefused> {
  if (result.closedAccountCookie) await setAppCookie(result.closedAccountCookie, "strict");
  if (result.twoStepCookie) await setAppCookie(result.twoStepCookie, "strict");
  afterTheAnswer(result.afterAnswer);
  return new SignInRefused(result.code);
}

/** A sign-in's work for after its answer (the breached-password lookup): never awaited; a stopping server waits for it. */
function afterTheAnswer(work: (() => Promise<void>) | undefined): void {
  if (!work) return;
  const done = trackDeferredWork();
  after(() =>
    work()
      .catch((error: unknown) => log().error({ event: "deferred.failed", work: "signin", err: error }, "deferred work failed"))
      .finally(done),
  );
}

type SessionUser = { id: string; name: string; email: string; sessionId: string };

/**
 * What @auth/prisma-adapter reads from the client: these models (its
 * authenticator methods serve Auth.js's own WebAuthn provider, which we do
 * not use). It declares its parameter as `@prisma/client`'s PrismaClient,
 * which re-exports `.prisma/client`; Prisma 7 generates our client into
 * lib/db/generated instead, so that type resolves to nothing and the
 * parameter accepts anything. This type is what actually gets checked.
 */
type AdapterClient = Pick<PrismaClient, "user" | "account" | "session" | "verificationToken">;
const adapterClient: AdapterClient = db;

function config(): NextAuthConfig {
  return {
    secret: authSecret(),
    // Links in emails use APP_URL, never the Host header; Auth.js only needs
    // the host for its own redirects, which stay on the same site.
    trustHost: true,
    adapter: PrismaAdapter(adapterClient),
    session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds() },
    // Auth.js's own pages are English and unstyled: every one leads to ours.
    pages: { signIn: "/connexion", error: "/connexion", signOut: "/compte", verifyRequest: "/connexion" },
    providers: [
      Credentials({
        credentials: { identifier: {}, password: {} },
        async authorize(raw, request): Promise<SessionUser> {
          const parsed = signInSchema.safeParse(raw);
          if (!parsed.success) throw new SignInRefused("invalidCredentials");
          const client = clientInfo(request.headers);
          const result = await authenticate(parsed.data, client, await requestDeviceToken());
          if (!result.ok) throw await refused(result);
          if (result.deviceCookie) await setAppCookie(result.deviceCookie);
          afterTheAnswer(result.afterAnswer);
          return { id: result.user.id, name: result.user.pseudo, email: result.user.email, sessionId: result.sessionId };
        },
      }),
      // A passkey's assertion (startAuthentication()'s answer, as JSON) against the challenge the
      // browser's cookie names; the rules are authenticateWithPasskey's.
      Credentials({
        id: "passkey",
        name: "Passkey",
        credentials: { response: {} },
        async authorize(raw, request): Promise<SessionUser> {
          const client = clientInfo(request.headers);
          const [challengeId, deviceToken] = await Promise.all([requestChallengeId(), requestDeviceToken()]);
          // The challenge is used up whatever the answer: the cookie goes with it.
          await clearAppCookie(CHALLENGE_COOKIE);
          const result = await authenticateWithPasskey(
            (raw as { response?: unknown } | undefined)?.response,
            challengeId,
            client,
            deviceToken,
          );
          if (!result.ok) throw await refused(result);
          if (result.deviceCookie) await setAppCookie(result.deviceCookie);
          return { id: result.user.id, name: result.user.pseudo, email: result.user.email, sessionId: result.sessionId };
        },
      }),
      // The second step: the code (or a recovery code) of the sign-in that the browser's "two-step" cookie names.
      Credentials({
        id: "two-step",
        name: "Two-step",
        credentials: { code: {}, recoveryCode: {}, remember: {} },
        async authorize(raw, request): Promise<SessionUser> {
          const parsed = secondStepSchema.safeParse(raw);
          if (!parsed.success) throw new SignInRefused("invalidTwoStepCode");
          const client = clientInfo(request.headers);
          const [handle, deviceToken] = await Promise.all([requestChallengeHandle(), requestDeviceToken()]);
          const { code, recoveryCode, remember } = parsed.data;
          const proof = recoveryCode ? { kind: "recovery" as const, code: recoveryCode } : { kind: "app" as const, code: code ?? "" };
          const result = await authenticateSecondStep({ handle, proof, remember: remember === "on" }, client, deviceToken);
          if (!result.ok) throw await refused(result);
          await clearAppCookie(TWO_STEP_COOKIE);
          if (result.deviceCookie) await setAppCookie(result.deviceCookie);
          return { id: result.user.id, name: result.user.pseudo, email: result.user.email, sessionId: result.sessionId };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sid = (user as SessionUser).sessionId;
          return token;
        }
        // Every request: the session row must still exist. While the database
        // cannot be reached, keep the session (Auth.js would clear the cookie
        // and sign everyone out); every page needs the database anyway and
        // shows its translated error until it is back.
        const userId = await orWhenUnavailable(
          () => resolveSession(token.sid),
          () => token.sub ?? null,
        );
        if (!userId || userId !== token.sub) return null;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    logger: {
      // Refused sign-ins are expected and already in the security journal;
      // anything else is logged by name and message only (never credentials).
      error(error) {
        if (error instanceof CredentialsSignin) return;
        log().error({ event: "auth.error", err: error }, "Auth.js error");
      },
    },
    events: {
      async signOut(message) {
        if ("token" in message && message.token) await closeSession(message.token.sid);
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());

declare module "@auth/core/jwt" {
  interface JWT {
    sid?: string;
  }
}
