import "server-only";
import { db, type Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/request/client-info";
import { cancelPendingEmailChanges } from "./email-change";
import { forgetAllDevices } from "./known-device";
import { defineEmailLink } from "./email-link";
import { removeRecentPasskeys } from "./passkeys/management";
import { disablePassword } from "./password-hash";
import { queueResetEmail } from "./recovery";
import { removeRecentRecoveryAddress } from "./recovery-address";
import { cancelOpenRecoveries } from "./lost-mailbox";
import { recordSecurityEvent } from "./security-events";
import { closeAllSessions } from "./session";
import { turnOffRecentTwoStep } from "./two-step";
import { consumePasskeyNotMeToken, consumeToken, findTokenUser } from "./tokens";

// "Ce n'était pas moi": the owner says someone else got in. Whatever that
// someone set up must stop working, not only what the reported sign-in did:
// a thief who had the password could have added a passkey before the sign-in
// an alert reports (hostile probe, round 2). So, in one transaction, with the
// link used up:
//   every session ends, every known browser is forgotten, every passkey added
//   in the last NOT_ME_TOKEN_TTL_DAYS is removed (the link lives that long, so
//   nothing the reported intruder added can be older), registrations in
//   progress are dropped, pending email changes are cancelled, and the
//   password is made unusable until the owner sets a new one through the
//   reset link sent at once.
// Two links lead here: the new-device alert's (not_me, new-device-alert.ts)
// and the passkey-added email's (passkey_not_me), which also names its passkey.
// Owns: passkey_not_me tokens; the list of what the button undoes.

type Tx = Prisma.TransactionClient;
type UndoContext = { userId: string; since: Date; passkeyId: string | null };

/**
 * What the button undoes, one step per kind of way in or pending change, each
 * written by the module that owns its table, each returning how many it ended
 * (the page lists them). A feature that adds a way in or a change waiting for
 * confirmation adds its step here, with its line in messages (notMe.undone.*):
 * recovery requests and recovery-address changes (lost mailbox), two-step
 * changes, OIDC grants.
 */
const undoSteps = {
  sessions: (tx: Tx, { userId }: UndoContext) => closeAllSessions(tx, userId),
  knownBrowsers: (tx: Tx, { userId }: UndoContext) => forgetAllDevices(tx, userId),
  passkeys: (tx: Tx, { userId, since, passkeyId }: UndoContext) => removeRecentPasskeys(tx, userId, since, passkeyId),
  emailChanges: (tx: Tx, { userId }: UndoContext) => cancelPendingEmailChanges(tx, userId),
  recoveryAddress: (tx: Tx, { userId, since }: UndoContext) => removeRecentRecoveryAddress(tx, userId, since),
  recoveryRequests: (tx: Tx, { userId }: UndoContext) => cancelOpenRecoveries(tx, userId),
  // Two-step turned on by the intruder would keep the owner out after the reset: off (with its codes) if turned on since.
  twoStep: (tx: Tx, { userId, since }: UndoContext) => turnOffRecentTwoStep(tx, userId, since),
} as const satisfies Record<string, (tx: Tx, context: UndoContext) => Promise<number>>;

export type UndoneCounts = Record<keyof typeof undoSteps, number>;

/** What the page shows: each count, the window the passkeys were judged over, and where the reset link went. */
export type Undone = { counts: UndoneCounts; passkeyDays: number; resetMinutes: number };

/** Ends every way in the intruder may hold, inside the caller's transaction (the link is already used up). */
async function endIntruderAccess(tx: Tx, userId: string, passkeyId: string | null, client: ClientInfo): Promise<Undone> {
  const days = env().NOT_ME_TOKEN_TTL_DAYS;
  const context: UndoContext = { userId, passkeyId, since: new Date(now().getTime() - days * 86_400_000) };
  const counts = {} as UndoneCounts;
  // One after the other: an interactive transaction runs one statement at a time.
  for (const [name, step] of Object.entries(undoSteps) as [keyof UndoneCounts, (typeof undoSteps)[keyof UndoneCounts]][]) {
    counts[name] = await step(tx, context);
  }
  await disablePassword(tx, userId);
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, pseudo: true, locale: true } });
  await queueResetEmail(tx, user);
  await recordSecurityEvent(tx, "signout.not_me", userId, client);
  return { counts, passkeyDays: days, resetMinutes: env().RESET_TOKEN_TTL_MINUTES };
}

/** The new-device alert's button. Null for a dead link. */
export function secureAccountByNotMeToken(raw: unknown, client: ClientInfo): Promise<Undone | null> {
  return db.$transaction(async (tx) => {
    const userId = await consumeToken(tx, raw, "not_me");
    return userId ? endIntruderAccess(tx, userId, null, client) : null;
  });
}

/** Whether a passkey-added email's "Ce n'était pas moi" is live, without using it up (the page that shows the button). */
export async function isLivePasskeyNotMeLink(raw: unknown): Promise<boolean> {
  return (await findTokenUser(db, raw, "passkey_not_me")) !== null;
}

/** The passkey-added email's button: that passkey goes, and everything the alert's button ends. Null for a dead link. */
export function secureAccountByPasskeyNotMeToken(raw: unknown, client: ClientInfo): Promise<Undone | null> {
  return db.$transaction(async (tx) => {
    const link = await consumePasskeyNotMeToken(tx, raw);
    return link ? endIntruderAccess(tx, link.userId, link.passkeyId, client) : null;
  });
}

/** The passkey-added email's link (lib/auth/email-link.ts); its page is app/[locale]/cle-d-acces-inconnue/[token]. */
export const passkeyNotMeLink = defineEmailLink("passkeyNotMe", {
  title: "notMe.title",
  check: async (raw) => ((await isLivePasskeyNotMeLink(raw)) ? "live" : "refused"),
});
