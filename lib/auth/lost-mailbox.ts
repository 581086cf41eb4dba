import "server-only";
import { db, Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/request/client-info";
import { localeOr } from "@/lib/i18n/config";
import { queueEmail } from "@/lib/mail";
import { allowAll, allowAttempt } from "@/lib/rate-limit";
import { normaliseIdentifier, runChain } from "./authenticate";
import { defineEmailLink } from "./email-link";
import { refused, type DeferredRequest } from "./email-requests";
import { forgetAllDevices } from "./known-device";
import { queueResetEmail } from "./recovery";
import { dropRecoveryAddressNowMain, isOthersRecoveryAddress } from "./recovery-address";
import { recordSecurityEvent } from "./security-events";
import { closeAllSessions } from "./session";
import { advancePasskeyCounter, verifyPasskeyAssertion } from "./passkeys/assertion";
import { findSignInAccount, type AccountKey, type SignInAccount } from "./sign-in-store";
import { consumeAddressToken, consumeToken, findTokenUser, issueToken, retireTokens } from "./tokens";
import { isTwoStepOn, turnOffTwoStep } from "./two-step";
import { describeUserAgent } from "./user-agent";

// "J'ai perdu l'accès à mon adresse email" (/acces-perdu): a way back for an
// owner whose mailbox is gone, that a stranger who knows the address or even
// the password cannot use quietly.
//
// 1. The request names the account (email or pseudo), a new address and,
//    optionally, the password. The answer is the same whatever exists and is
//    given before any of that is looked at: the work (the sign-in chain for
//    the password, which counts towards the lockout and its rate limits, the
//    account's own limit, the request row and its email) runs after the
//    response (`delivery`). One open request per account: a new one replaces
//    it.
// 2. The new address confirms it (a scanner-proof button). The evidence then
//    sets the wait (`waitFor`), and every address on file is told, with a
//    cancel button that works from each.
// 3. When it is due (and approved by support when it must be), it takes
//    effect in one transaction (`applyRequest`), once, whichever instance of
//    the job (`applyDueRecoveries`) or confirmation gets there.
//
// A request has a `kind`: "email" moves the account to a new address;
// "two_factor" ("J'ai perdu mon application d'authentification", issue 32)
// turns two-step verification off. The lost-authenticator request names no
// new address: its link goes to the account's own, and the address it went
// to must still be the account's when it is pressed. Its wait is always
// RECOVERY_DELAY_DAYS (`waitFor`), and at the end `turnOffTwoStep` runs in
// the claiming transaction. The request, notices, cancel, support review and
// job are the same for both kinds, and so is the rule "one open request per
// account": a request of either kind replaces an open one of either kind
// (both use the recovery_request link, so the older link dies with it).
//
// Owns: the recovery_requests table, recovery_request tokens (the request's
// confirmation; tokens.new_email names the address it was sent to: the new
// one, or the account's own) and recovery_cancel tokens, their
// links (`recoveryRequestLink`, `recoveryCancelLink`, routes in
// lib/flows.ts); settings RECOVERY_DELAY_DAYS, RATE_LIMIT_RECOVERY_PER_IP,
// RATE_LIMIT_RECOVERY_PER_ACCOUNT.

type Tx = Prisma.TransactionClient;

export type RecoveryKind = "email" | "two_factor";

/** What the request proved. Support sees each; `waitFor` reads them. */
export type Evidence = { passwordProven: boolean; knownBrowser: boolean; passkey: boolean; ipSeen: boolean };

/** The wait a request's evidence earns, from its link's confirmation: a pure rule, read by the confirmation and by support. */
export function waitFor(evidence: Evidence & { kind: RecoveryKind }): { delayMs: number; needsApproval: boolean } {
  const delayMs = env().RECOVERY_DELAY_DAYS * 86_400_000;
  // A lost authenticator: the password and a known browser are exactly what
  // the second factor is there to doubt (a thief on the owner's unlocked
  // laptop has both), so nothing shortens the owner's time to cancel.
  if (evidence.kind === "two_factor") return { delayMs, needsApproval: !evidence.passwordProven };
  // The password and something only the owner's devices hold: the owner, at once.
  if (evidence.passwordProven && (evidence.knownBrowser || evidence.passkey)) return { delayMs: 0, needsApproval: false };
  // The password alone: a thief may have it too, so the owner gets the delay to cancel.
  if (evidence.passwordProven) return { delayMs, needsApproval: false };
  // Nothing but a claim: the delay, and a person looks at it.
  return { delayMs, needsApproval: true };
}

const OPEN = ["unconfirmed", "waiting"] as const;

/** A passkey's assertion given with the request, and the challenge this browser holds for it. */
export type PasskeyProof = { response: string; challengeId: string | undefined };
export type RecoveryInput = { identifier: string; newEmail: string; password?: string; passkey?: PasskeyProof };
/** "J'ai perdu mon application d'authentification": the account and, if remembered, the password; no new address. */
export type TwoStepRecoveryInput = { identifier: string; password?: string };

/**
 * The /acces-perdu form. Refused only by the per-IP and per-address limits,
 * which are the same whether or not an account matches; everything else
 * runs in `delivery`, after the answer.
 */
export async function requestRecovery(input: RecoveryInput, client: ClientInfo, deviceToken?: string): Promise<DeferredRequest<"sent">> {
  if (
    !(await allowAll([
      ["recoveryIp", client.ip],
      ["emailAddress", input.newEmail],
    ]))
  )
    return refused("rateLimited");
  return { outcome: "sent", emailId: null, delivery: async () => void (await openRecoveryRequest(input, client, deviceToken)) };
}

/**
 * The lost-authenticator form. Refused only by the per-IP limit, the same
 * whether or not an account matches or has two-step on; the rest runs in
 * `delivery`, after the answer (the account's own limit covers its address).
 */
export async function requestTwoStepRecovery(
  input: TwoStepRecoveryInput,
  client: ClientInfo,
  deviceToken?: string,
): Promise<DeferredRequest<"sent">> {
  if (!(await allowAll([["recoveryIp", client.ip]]))) return refused("rateLimited");
  return { outcome: "sent", emailId: null, delivery: async () => void (await openTwoStepRecoveryRequest(input, client, deviceToken)) };
}

function keyOf(identifier: string): AccountKey {
  const typed = normaliseIdentifier(identifier);
  return typed.includes("@") ? { email: typed } : { pseudoKey: typed };
}

/** Whether the account was seen from this IP before: a known browser or a sign-in from it. */
async function ipSeenBefore(userId: string, ip: string | null): Promise<boolean> {
  if (!ip) return false;
  const [devices, signIns] = await Promise.all([
    db.knownDevice.count({ where: { userId, ip } }),
    db.securityEvent.count({ where: { userId, ip, type: { in: ["signin.success", "signin.passkey"] } } }),
  ]);
  return devices + signIns > 0;
}

/**
 * The request's work, after the answer. Returns the request's id, or null
 * when nothing was recorded (no such account, its own limit reached, an
 * address that is the account's own or another account's).
 */
export async function openRecoveryRequest(input: RecoveryInput, client: ClientInfo, deviceToken?: string): Promise<string | null> {
  const found = await findRequester(input, client, deviceToken);
  if (!found) return null;
  const { account } = found;
  if (
    input.newEmail === account.email ||
    (await db.user.count({ where: { email: input.newEmail } })) > 0 ||
    (await isOthersRecoveryAddress(input.newEmail, account.id))
  )
    return null;
  return recordRequest("email", found, client, input.newEmail);
}

/**
 * The lost-authenticator request's work, after the answer. Null (nothing
 * recorded, nothing sent) for no such account, its own limit reached, or an
 * account without two-step on: there is nothing to turn off.
 */
export async function openTwoStepRecoveryRequest(
  input: TwoStepRecoveryInput,
  client: ClientInfo,
  deviceToken?: string,
): Promise<string | null> {
  const found = await findRequester(input, client, deviceToken);
  if (!found || !found.account.twoStep) return null;
  // The link goes to the account's own address, and names it: pressed after the address changed, it is refused.
  return recordRequest("two_factor", found, client, found.account.email);
}

type Requester = { account: SignInAccount; evidence: Evidence };

/** The password (if given) through the sign-in chain, then the account and what the request proved; null when no request may be recorded. */
async function findRequester(
  input: { identifier: string; password?: string; passkey?: PasskeyProof },
  client: ClientInfo,
  deviceToken?: string,
): Promise<Requester | null> {
  const key = keyOf(input.identifier);
  let passwordProven = false;
  if (input.password) {
    // The sign-in chain: a wrong password counts towards the lockout, and its limits apply; it opens no session.
    const chain = await runChain({
      key,
      password: input.password,
      client,
      deviceToken,
      limits: (found) => [found ? ["signinAccount", found.id] : ["signinIdentifier", normaliseIdentifier(input.identifier)]],
      onSuccess: () => ({}),
      acceptUnconfirmed: true,
    });
    passwordProven = chain.ok;
  }
  const account = await findSignInAccount(key, deviceToken);
  if (!account || account.deletionDueAt) return null;
  if (!(await allowAttempt("recoveryAccount", account.id))) return null;
  const evidence: Evidence = {
    passwordProven,
    knownBrowser: account.device !== null,
    passkey: input.passkey ? await passkeyOfAccount(input.passkey, account.id) : false,
    ipSeen: await ipSeenBefore(account.id, client.ip),
  };
  return { account, evidence };
}

/**
 * Whether the assertion is one of this account's passkeys, checked as a
 * sign-in's (the challenge this browser holds, used up; the credential; the
 * library's checks) and its counter stepped as a sign-in's, so one assertion
 * proves once. Another account's passkey proves nothing here.
 */
async function passkeyOfAccount(proof: PasskeyProof, userId: string): Promise<boolean> {
  const verified = await verifyPasskeyAssertion(proof.response, proof.challengeId);
  if (!verified.ok || verified.passkey.userId !== userId) return false;
  return db.$transaction((tx) => advancePasskeyCounter(tx, verified.passkey, now()));
}

/** The request row, its link to `linkTo` (the new address, or the account's own) and its email, replacing any open request. */
async function recordRequest(kind: RecoveryKind, { account, evidence }: Requester, client: ClientInfo, linkTo: string): Promise<string> {
  return db.$transaction(async (tx) => {
    // One open request per account: two requests racing each replace what was open, one after the other.
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${account.id}::uuid FOR UPDATE`;
    await closeOpenRequests(tx, account.id, "replaced");
    const at = now();
    const request = await tx.recoveryRequest.create({
      data: {
        userId: account.id,
        kind,
        status: "unconfirmed",
        newEmail: kind === "email" ? linkTo : null,
        ...evidence,
        needsApproval: waitFor({ ...evidence, kind }).needsApproval,
        ip: client.ip,
        userAgent: client.userAgent,
        createdAt: at,
      },
      select: { id: true },
    });
    const raw = await issueToken(tx, account.id, "recovery_request", { newEmail: linkTo });
    await queueEmail(tx, {
      template: "confirm-recovery-request",
      to: linkTo,
      locale: localeOr(account.locale),
      props: {
        pseudo: account.pseudo,
        url: recoveryRequestLink.url(raw),
        hours: env().CONFIRM_TOKEN_TTL_HOURS,
        kind,
        days: env().RECOVERY_DELAY_DAYS,
      },
      helpAnchor: kind === "email" ? "acces-perdu" : "application-perdue",
    });
    await recordSecurityEvent(tx, "recovery.requested", account.id, client);
    return request.id;
  });
}

/** Closes the account's open requests (replaced by a new one, or cancelled); their links stop working. */
async function closeOpenRequests(tx: Tx, userId: string, status: "replaced" | "cancelled"): Promise<number> {
  const { count } = await tx.recoveryRequest.updateMany({
    where: { userId, status: { in: [...OPEN] } },
    data: { status, closedAt: now() },
  });
  await retireTokens(tx, userId, "recovery_request");
  return count;
}

export type ConfirmOutcome = "refused" | "waiting" | "applied";

/**
 * The link's button: the request starts its wait (`waitFor`), every
 * address on file is told with a cancel button, and a request whose
 * evidence earns no wait takes effect now, in the same transaction.
 */
export async function confirmRecoveryRequestByToken(raw: unknown, client?: ClientInfo): Promise<ConfirmOutcome> {
  return (await confirmRequest(raw, client)).outcome;
}

/** The same, with the confirmed request's kind (the link's page says what happens next). */
async function confirmRequest(raw: unknown, client?: ClientInfo): Promise<{ outcome: ConfirmOutcome; kind?: RecoveryKind }> {
  return db.$transaction(async (tx) => {
    const token = await consumeAddressToken(tx, raw, "recovery_request");
    if (!token) return { outcome: "refused" };
    const request = await tx.recoveryRequest.findFirst({ where: { userId: token.userId, status: "unconfirmed" } });
    if (!request) return { outcome: "refused" };
    const user = await tx.user.findUniqueOrThrow({ where: { id: request.userId }, select: { email: true, pseudo: true, locale: true } });
    // The link proves its address: the new one a move names, or, for a lost
    // authenticator, the account's own, which it must still be.
    const proves = request.kind === "email" ? request.newEmail : user.email;
    if (proves !== token.newEmail) return { outcome: "refused" };
    const wait = waitFor(request);
    const at = now();
    const dueAt = new Date(at.getTime() + wait.delayMs);
    await tx.recoveryRequest.update({
      where: { id: request.id },
      data: { status: "waiting", confirmedAt: at, dueAt, needsApproval: wait.needsApproval },
    });
    await recordSecurityEvent(tx, "recovery.confirmed", request.userId, client);
    // One cancel link for the notice and its copy to the recovery address (lib/mail): it works from each.
    const cancel = await issueToken(tx, request.userId, "recovery_cancel");
    await queueEmail(tx, {
      template: "recovery-request-notice",
      to: user.email,
      locale: localeOr(user.locale),
      props: {
        pseudo: user.pseudo,
        kind: request.kind,
        at: request.createdAt.toISOString(),
        device: describeUserAgent(request.userAgent),
        ip: request.ip,
        due: dueAt.toISOString(),
        url: recoveryCancelLink.url(cancel),
      },
      helpAnchor: request.kind === "email" ? "acces-perdu" : "application-perdue",
    });
    if (wait.delayMs > 0 || wait.needsApproval) return { outcome: "waiting", kind: request.kind };
    await applyRequest(tx, request.id);
    return { outcome: "applied", kind: request.kind };
  });
}

/** The account's open, confirmed request, for /compte ("Elle prendra effet le {date}."), or null. */
export async function pendingRecoveryOf(userId: string): Promise<{ dueAt: Date } | null> {
  const request = await db.recoveryRequest.findFirst({ where: { userId, status: "waiting" }, select: { dueAt: true } });
  return request?.dueAt ? { dueAt: request.dueAt } : null;
}

async function cancelOpen(tx: Tx, userId: string, client?: ClientInfo): Promise<boolean> {
  const count = await closeOpenRequests(tx, userId, "cancelled");
  await retireTokens(tx, userId, "recovery_cancel");
  if (count > 0) await recordSecurityEvent(tx, "recovery.cancelled", userId, client);
  return count > 0;
}

/** "Ce n'était pas moi" (lib/auth/not-me.ts): the account's open requests may be the intruder's; returns how many were closed. */
export async function cancelOpenRecoveries(tx: Tx, userId: string): Promise<number> {
  const count = await closeOpenRequests(tx, userId, "cancelled");
  if (count > 0) await retireTokens(tx, userId, "recovery_cancel");
  return count;
}

/** "Annuler cette demande" in a notice, from any address on file. False for a dead link or nothing left to cancel. */
export async function cancelRecoveryByToken(raw: unknown, client?: ClientInfo): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const userId = await consumeToken(tx, raw, "recovery_cancel");
    return userId ? cancelOpen(tx, userId, client) : false;
  });
}

/** The same button on a signed-in /compte. */
export function cancelRecoveryFromAccount(userId: string, client: ClientInfo): Promise<boolean> {
  return db.$transaction((tx) => cancelOpen(tx, userId, client));
}

type RequestRow = Prisma.RecoveryRequestGetPayload<object>;

/** What taking effect does, per kind, inside the transaction that claimed the request; each kind journals its own effect. */
const recoveryKinds: Record<RecoveryKind, { apply(tx: Tx, request: RequestRow): Promise<boolean> }> = {
  email: { apply: applyNewAddress },
  two_factor: { apply: applyTwoStepOff },
};

/**
 * The "two_factor" kind: two-step verification off (`turnOffTwoStep`, cause
 * "recovery": the secret, the recovery codes, waiting second steps and
 * every "Ne plus demander sur ce navigateur" go; journaled
 * two_step.disabled_by_recovery; the owner emailed, with a copy to the
 * recovery address). Sessions, known browsers and the password are kept
 * (docs/ways-in.md says why). False (nothing changed) when it was already
 * off: the owner turned it off meanwhile.
 */
async function applyTwoStepOff(tx: Tx, request: RequestRow): Promise<boolean> {
  // A set-up started since (the owner turned it off and began again) is not what the request was about.
  if (!(await isTwoStepOn(tx, request.userId))) return false;
  if (!(await turnOffTwoStep(tx, request.userId, undefined, "recovery"))) return false;
  await retireTokens(tx, request.userId, "recovery_cancel");
  return true;
}

/**
 * The "email" kind: the new address becomes the account's (confirmed), every
 * session ends, known browsers are forgotten, the old addresses are told, and
 * unless the password was proven the new address gets a reset link. False
 * (nothing changed) when someone else took the address meanwhile.
 */
async function applyNewAddress(tx: Tx, request: RequestRow): Promise<boolean> {
  const newEmail = request.newEmail!;
  if ((await tx.user.count({ where: { email: newEmail, NOT: { id: request.userId } } })) > 0) return false;
  const user = await tx.user.findUniqueOrThrow({
    where: { id: request.userId },
    select: { id: true, email: true, pseudo: true, locale: true },
  });
  // Before the address changes: lib/mail finds the recovery address by the account's current one, and copies the notice there.
  await queueEmail(tx, {
    template: "recovery-applied",
    to: user.email,
    locale: localeOr(user.locale),
    props: { pseudo: user.pseudo, newEmail },
    helpAnchor: "acces-perdu",
  });
  await tx.user.update({ where: { id: user.id }, data: { email: newEmail, emailVerified: now() } });
  await dropRecoveryAddressNowMain(tx, user.id, newEmail);
  await closeAllSessions(tx, user.id);
  await forgetAllDevices(tx, user.id);
  await retireTokens(tx, user.id, "email_change");
  await retireTokens(tx, user.id, "recovery_cancel");
  if (!request.passwordProven) await queueResetEmail(tx, { ...user, email: newEmail });
  await recordSecurityEvent(tx, "recovery.applied", user.id, undefined);
  return true;
}

/** Claims and applies one request by id, if it is still waiting; the caller's transaction holds the claim. */
async function applyRequest(tx: Tx, id: string): Promise<boolean> {
  const [request] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM recovery_requests WHERE id = ${id}::uuid AND status = 'waiting' FOR UPDATE SKIP LOCKED`;
  if (!request) return false;
  const row = await tx.recoveryRequest.findUniqueOrThrow({ where: { id } });
  const applied = await recoveryKinds[row.kind].apply(tx, row);
  await tx.recoveryRequest.update({ where: { id }, data: { status: applied ? "applied" : "cancelled", closedAt: now() } });
  return applied;
}

/** How many requests one pass applies at most; the next pass takes the rest. */
const BATCH = 50;

/**
 * The scheduled job (lib/retention.ts runs it beside the erasure): applies
 * every request that is due and, when it needs one, approved. Each is
 * claimed with FOR UPDATE SKIP LOCKED in a transaction of its own, so two
 * instances running at once apply a request once. Returns how many this call
 * applied.
 */
export async function applyDueRecoveries(): Promise<number> {
  let applied = 0;
  for (let pass = 0; pass < BATCH; pass++) {
    const done = await db.$transaction(
      async (tx) => {
        const [due] = await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM recovery_requests
          WHERE status = 'waiting' AND due_at <= ${now()}::timestamp AND (needs_approval = false OR approved_at IS NOT NULL)
          ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED`;
        if (!due) return null;
        return applyRequest(tx, due.id);
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    if (done === null) return applied;
    if (done) applied++;
  }
  return applied;
}

/** The request's link (lib/auth/email-link.ts), to the new address or, for a lost authenticator, the account's own: "Confirmer la demande". */
export const recoveryRequestLink = defineEmailLink("recoveryRequest", {
  title: "link.recoveryRequestTitle",
  check: async (raw) => ((await findTokenUser(db, raw, "recovery_request")) ? "live" : "refused"),
  button: {
    intro: "link.recoveryRequestIntro",
    submit: "link.recoveryRequestSubmit",
    async consume(raw, client) {
      const { outcome, kind } = await confirmRequest(raw, client);
      if (outcome === "refused") return "refused";
      if (kind === "two_factor") return "/connexion?notice=twoStepRecoveryConfirmed";
      return outcome === "applied" ? "/connexion?notice=recoveryApplied" : "/connexion?notice=recoveryConfirmed";
    },
  },
});

/** The notices' link (lib/auth/email-link.ts): "Annuler cette demande". */
export const recoveryCancelLink = defineEmailLink("recoveryCancel", {
  title: "link.recoveryCancelTitle",
  check: async (raw) => ((await findTokenUser(db, raw, "recovery_cancel")) ? "live" : "refused"),
  button: {
    intro: "link.recoveryCancelIntro",
    submit: "link.recoveryCancelSubmit",
    consume: async (raw, client) => ((await cancelRecoveryByToken(raw, client)) ? "/connexion?notice=recoveryCancelled" : "refused"),
  },
});

/** A request as support reviews it (/support/recuperations and the account view): its evidence and the account's history. */
export type RecoveryReview = Evidence & {
  id: string;
  userId: string;
  pseudo: string;
  kind: RecoveryKind;
  newEmail: string | null;
  requestedAt: Date;
  dueAt: Date | null;
  needsApproval: boolean;
  approved: boolean;
  accountCreatedAt: Date;
  lastSignInAt: Date | null;
};

/** The confirmed requests still waiting, soonest due first; of one account when `userId` is given. */
export async function recoveryRequestsToReview(userId?: string): Promise<RecoveryReview[]> {
  const rows = await db.recoveryRequest.findMany({
    where: { status: "waiting", ...(userId ? { userId } : {}) },
    orderBy: { dueAt: "asc" },
    include: { user: { select: { pseudo: true, createdAt: true } } },
  });
  const lastSignIns = await Promise.all(
    rows.map((row) =>
      db.securityEvent.findFirst({
        where: { userId: row.userId, type: { in: ["signin.success", "signin.passkey"] } },
        orderBy: { createdAt: "desc" },
        select: { createdAt: true },
      }),
    ),
  );
  return rows.map((row, index) => ({
    id: row.id,
    userId: row.userId,
    pseudo: row.user.pseudo,
    kind: row.kind,
    newEmail: row.newEmail,
    passwordProven: row.passwordProven,
    knownBrowser: row.knownBrowser,
    passkey: row.passkey,
    ipSeen: row.ipSeen,
    requestedAt: row.createdAt,
    dueAt: row.dueAt,
    needsApproval: row.needsApproval,
    approved: row.approvedAt !== null,
    accountCreatedAt: row.user.createdAt,
    lastSignInAt: lastSignIns[index]?.createdAt ?? null,
  }));
}

/**
 * "Approuver la demande" / "Refuser la demande", with the agent's reason,
 * journaled under the agent. An approval never moves the due date: no agent
 * can skip the delay. A refusal closes the request and its links.
 */
export async function decideRecoveryRequest(
  requestId: string,
  decision: "approve" | "refuse",
  agent: { actorId: string; reason: string },
  client: ClientInfo,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const request = await tx.recoveryRequest.findFirst({ where: { id: requestId, status: "waiting" }, select: { userId: true } });
    if (!request) return false;
    const { count } =
      decision === "approve"
        ? await tx.recoveryRequest.updateMany({
            where: { id: requestId, status: "waiting", approvedAt: null },
            data: { approvedAt: now() },
          })
        : await tx.recoveryRequest.updateMany({
            where: { id: requestId, status: "waiting" },
            data: { status: "refused", closedAt: now() },
          });
    if (count !== 1) return false;
    if (decision === "refuse") await retireTokens(tx, request.userId, "recovery_cancel");
    await recordSecurityEvent(
      tx,
      decision === "approve" ? "support.recovery_approved" : "support.recovery_refused",
      request.userId,
      client,
      agent,
    );
    return true;
  });
}
