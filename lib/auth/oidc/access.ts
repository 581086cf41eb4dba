import "server-only";
import type { AdapterPayload } from "oidc-provider";
import type { Prisma } from "@/lib/db";
import { log } from "@/lib/observability/log";
import { trackDeferredWork } from "@/lib/request/deferred-work";
import { endAccountSessions, revokeAccountGrants, revokeAccountTokens, sessionsOfAccount } from "./store";
import { existingSubject } from "./subjects";

// What ending an account's sessions means for the applications it signed in
// to through Sésame: "Se déconnecter partout", a password reset, "Ce n'était
// pas moi", a support sign-out and a closure end the provider's sessions and
// every code and token (refresh tokens included), so each application must
// send the user through Sésame's sign-in again; each application that
// registered a back-channel logout URI is told, once per session it had
// (OpenID Connect Back-Channel Logout 1.0). A closure takes the consents back too.

type Tx = Prisma.TransactionClient;
type Authorizations = Record<string, { sid?: string }>;

/** Sends one back-channel logout token (the provider signs it); lib/oidc/mount.ts sets it when the provider starts. */
export type BackchannelSender = (clientId: string, subject: string, sid: string) => Promise<void>;

// The provider lives in lib/oidc, a layer above this one (it needs the
// sign-in's session): it hands its sender down rather than this module
// reaching up. On globalThis, as Next loads this module once per bundle (the
// start-up hook's, each action's).
const SENDER = Symbol.for("sesame.oidc.backchannel");
const shared = globalThis as { [SENDER]?: BackchannelSender };

export function setBackchannelSender(send: BackchannelSender | undefined): void {
  shared[SENDER] = send;
}

/** One logout token per (session, application); a receiver that fails is logged, never retried. */
async function notifyApplications(subject: string, sessions: AdapterPayload[]): Promise<void> {
  const send = shared[SENDER];
  if (!send) return;
  const notices = sessions.flatMap((session) =>
    Object.entries((session.authorizations ?? {}) as Authorizations).flatMap(([clientId, { sid }]) =>
      sid
        ? [
            send(clientId, subject, sid).catch((error: unknown) =>
              log().warn({ event: "oidc.backchannel_failed", clientId, err: error }, "back-channel logout not delivered"),
            ),
          ]
        : [],
    ),
  );
  await Promise.all(notices);
}

export type EndedOidcAccess = {
  /** Sessions ended, for a page that counts what it undid. */
  sessions: number;
  /** Sends the back-channel logouts: call it once the caller's transaction has committed. */
  notify: () => void;
};

const NOTHING: EndedOidcAccess = { sessions: 0, notify: () => {} };

/** Inside the caller's transaction: takes back every consent the account gave (a closure). */
export async function revokeOidcConsents(tx: Tx, userId: string): Promise<number> {
  const subject = await existingSubject(userId, tx);
  return subject ? (await revokeAccountGrants(subject, undefined, tx)).length : 0;
}

/**
 * Inside the caller's transaction: ends the account's OIDC sessions and
 * tokens (`consents: "revoke"`, a closure, its grants too). The logouts are
 * sent by `notify()`, after the answer (a slow application must not hold the
 * user's page), and a stopping server waits for them.
 */
export async function endOidcAccess(tx: Tx, userId: string, options: { consents?: "keep" | "revoke" } = {}): Promise<EndedOidcAccess> {
  const subject = await existingSubject(userId, tx);
  if (!subject) return NOTHING;
  const sessions = await sessionsOfAccount(subject, tx);
  await endAccountSessions(subject, tx);
  await revokeAccountTokens(subject, tx);
  if (options.consents === "revoke") await revokeAccountGrants(subject, undefined, tx);
  return {
    sessions: sessions.length,
    notify: () => {
      const done = trackDeferredWork();
      void notifyApplications(subject, sessions).finally(done);
    },
  };
}
