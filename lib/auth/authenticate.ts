import "server-only";
import { db } from "@/lib/db";
import type { ClientInfo } from "@/lib/request/client-info";
import type { ErrorCode } from "@/lib/validation/errors";
import { newDeviceCookie, type DeviceCookie } from "./known-device";
import { checkLock, lockPathFor, readLock, registerFailure, twoStepLockPath } from "./lockout";
import {
  consumeChallenge,
  findChallenge,
  journalRecoveryCodeUse,
  openChallenge,
  rememberUntil,
  warnPasswordKnown,
  type SecondStepProof,
} from "./two-step/challenge";
import { now } from "@/lib/clock";
import { hashPassword, isUsablePasswordHash, verifyAgainstDecoy, verifyPassword } from "./password-hash";
import { verifyPasskeyAssertion } from "./passkeys/assertion";
import { allowAll, type LimitCheck } from "@/lib/rate-limit";
import { observeSignIn } from "@/lib/observability/metrics";
import { recordSecurityEvent } from "./security-events";
import { newSecret } from "./secrets";
import { breachCheckAfterSignIn } from "./breached-passwords";
import { closedAccountProof } from "./closed-account";
import type { AppCookie } from "@/lib/request/cookies";
import { findSignInAccount, recordSuccess, type AccountKey, type SignInAccount, type SuccessWrites } from "./sign-in-store";

// The one chain every password check runs (after Devise's
// valid_for_authentication?): a sign-in from the /connexion form or POST
// /api/auth/callback/credentials, and a signed-in user proving it is still
// them (changing the password or the email), and the confirmation page opened
// in a browser other than the one that signed up. In this order:
//
//   find the account, its browser and its lock path (one read)
//   → rate limits (before any hashing, the costly part an attacker wants)
//   → no account: a decoy hash, journaled, "invalid"
//   → locked? (with the timed unlock)
//   → password made unusable by "Ce n'était pas moi"? as a wrong one, uncounted
//   → password → wrong: count it, warn, lock and queue the unlock email
//   → confirmed? → the path's counter reset, with the success's writes,
//     only if no lock landed meanwhile.
//
// Unknown identifiers and locked accounts spend the same hashing time as a
// wrong password, so timing does not tell them apart.
//
// A passkey sign-in (authenticateWithPasskey) is the other way in: its proof
// is the assertion, not a password, so it skips the chain's password steps
// and shares its end, the same success write. It needs no code: a passkey is
// two factors already.
//
// A two-step account's right password (unless this browser was told "Ne plus
// demander sur ce navigateur") writes only its counter reset and opens a
// challenge: no session, no browser remembered, no "signed in" entry.
// authenticateSecondStep then proves the code, on the account's own
// "two-step" lock path, and ends with the same success write.

export type SignInUser = { id: string; pseudo: string; email: string; locale: string };

type Found = Pick<SignInAccount, "id" | "device"> | null;

export type ChainRequest = {
  key: AccountKey;
  password: string;
  client: ClientInfo;
  /** The verified random part of the browser's device cookie, if it sent one. */
  deviceToken?: string;
  /** The limits this attempt counts, knowing which account and browser it is for. */
  limits: (found: Found) => LimitCheck[];
  /** What a right password writes beyond the counter reset. */
  onSuccess: (account: SignInAccount) => SuccessWrites;
  /** The confirmation page's password check: proving the password of an account that waits for confirmation is the point. */
  acceptUnconfirmed?: boolean;
};

type ChainResult = { ok: true; account: SignInAccount } | { ok: false; code: ErrorCode; wrongPassword?: boolean; closed?: ClosedAccount };

type ClosedAccount = { id: string; dueAt: Date };

/** The account's closure, when one committed after the sign-in read it. */
async function closedSince(userId: string): Promise<ClosedAccount | null> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { deletionDueAt: true } });
  return row?.deletionDueAt ? { id: userId, dueAt: row.deletionDueAt } : null;
}

/** The chain, timed and counted by outcome (sign-ins here, and re-authentications: reauthenticate.ts). */
export function runChain(request: ChainRequest): Promise<ChainResult> {
  return observeSignIn(() => decide(request));
}

async function decide(request: ChainRequest): Promise<ChainResult> {
  const { password, client } = request;
  const account = await findSignInAccount(request.key, request.deviceToken);
  if (!(await allowAll(request.limits(account)))) return { ok: false, code: "rateLimited" };
  if (!account) {
    // Journaled too (without an account): one write after the hash, like a
    // wrong password's counter (which needs the verdict first). Run beside the
    // hash, the write hid in its shadow and an unknown identifier answered one
    // database round trip sooner than a known account's wrong password.
    await verifyAgainstDecoy(password);
    await recordSecurityEvent(db, "signin.failure", null, client);
    return { ok: false, code: "invalidCredentials" };
  }

  const path = lockPathFor(account.id, account.device?.id);
  if (await checkLock(path, account.lock.lockedAt, client)) {
    await Promise.all([verifyAgainstDecoy(password), recordSecurityEvent(db, "signin.locked", account.id, client)]);
    return { ok: false, code: "locked" };
  }

  // "Ce n'était pas moi" made the password unusable: whoever knows it gets the
  // wrong-password answer in the same time, and nothing is counted, so the
  // thief cannot lock out the owner who is about to reset it.
  if (!isUsablePasswordHash(account.passwordHash)) {
    await Promise.all([verifyAgainstDecoy(password), recordSecurityEvent(db, "signin.failure", account.id, client)]);
    return { ok: false, code: "invalidCredentials", wrongPassword: true };
  }

  const verdict = await verifyPassword(account.passwordHash, password);
  if (!verdict.ok) {
    const code = await registerFailure(path, client);
    return { ok: false, code, wrongPassword: code !== "locked" };
  }

  // Only someone who knows the password learns that the account waits for
  // confirmation, and only if no lock landed since the check above.
  const confirmed = account.emailVerified !== null || request.acceptUnconfirmed === true;
  // A closed account opens no session: the right password only leads to "Annuler la suppression".
  const opens = confirmed && account.deletionDueAt === null;
  const [written, rehashed] = await Promise.all([
    // A closed account's right password is journaled (its owner sees it in the export), and opens nothing.
    recordSuccess({ lockPath: path }, client, opens ? request.onSuccess(account) : confirmed ? { journal: "signin.closed_account" } : {}),
    verdict.rehash
      ? hashPassword(password).then(async (passwordHash) => {
          await db.user.update({ where: { id: account.id }, data: { passwordHash } });
          return passwordHash;
        })
      : null,
  ]);
  if (!written) {
    // A closure that committed between the read and the write refused the session (closed-account.ts), not a lock.
    const closedMeanwhile = opens ? await closedSince(account.id) : null;
    return closedMeanwhile ? { ok: false, code: "accountClosing", closed: closedMeanwhile } : { ok: false, code: "locked" };
  }
  if (!confirmed) return { ok: false, code: "unconfirmed" };
  if (!opens) return { ok: false, code: "accountClosing", closed: { id: account.id, dueAt: account.deletionDueAt! } };
  return { ok: true, account: rehashed ? { ...account, passwordHash: rehashed } : account };
}

export function normaliseIdentifier(identifier: string): string {
  return identifier.normalize("NFC").trim().toLowerCase();
}

export type SignInResult =
  | {
      ok: true;
      user: SignInUser;
      sessionId: string;
      deviceCookie: DeviceCookie | null;
      /** Work for once the answer is sent (the breached-password lookup); the answer must never wait for it. */
      afterAnswer?: () => Promise<void>;
    }
  | {
      ok: false;
      code: ErrorCode;
      /** A closed account's right password or passkey: the proof /suppression-prevue needs (lib/auth/closed-account.ts). */
      closedAccountCookie?: AppCookie;
      /** A two-step account's right password: the handle /connexion/code needs (two-step/challenge.ts). */
      twoStepCookie?: AppCookie;
      /** With it, the breached-password lookup: its notice waits on /compte for the code to open the session. */
      afterAnswer?: () => Promise<void>;
    };

/**
 * A sign-in. A known browser of the account counts against its own budget;
 * every other browser against its address's and the account's (or, for an
 * identifier that matches no account, the identifier's), so a stranger
 * spending the account's budget does not shut out the owner's browser.
 */
export async function authenticate(
  credentials: { identifier: string; password: string },
  client: ClientInfo,
  deviceToken?: string,
): Promise<SignInResult> {
  const identifier = normaliseIdentifier(credentials.identifier);
  const sessionId = newSecret();
  let deviceCookie: DeviceCookie | null = null;
  let secondStep = false;
  const result = await runChain({
    key: identifier.includes("@") ? { email: identifier } : { pseudoKey: identifier },
    password: credentials.password,
    client,
    deviceToken,
    limits: (found) =>
      found?.device
        ? [["signinDevice", found.device.id]]
        : [["signinIp", client.ip], found ? ["signinAccount", found.id] : ["signinIdentifier", identifier]],
    onSuccess: (account) => {
      if (needsSecondStep(account)) {
        // Only the password path's reset: the session waits for the code.
        secondStep = true;
        return {};
      }
      const writes = signInWrites(account, "signin.success", sessionId);
      deviceCookie = writes.deviceCookie;
      return writes.writes;
    },
  });
  if (!result.ok) return refusal(result.code, result.closed);
  const { account } = result;
  // The password is proven here, not at the code: this is the one moment its lookup can run.
  const afterAnswer = breachCheckAfterSignIn(account.id, account.passwordHash, credentials.password);
  if (secondStep) {
    return { ok: false, code: "twoStepRequired", twoStepCookie: await openChallenge(account.id, account.device?.id ?? null), afterAnswer };
  }
  return {
    ok: true,
    user: { id: account.id, pseudo: account.pseudo, email: account.email, locale: account.locale },
    sessionId,
    deviceCookie,
    // Only a right password, once the session is open: whether it has leaked changes nothing in this answer.
    afterAnswer,
  };
}

/** Two-step is on, and this browser was not told to skip the code (or that choice has run out). */
function needsSecondStep(account: SignInAccount): boolean {
  if (!account.twoStep) return false;
  const skipUntil = account.device?.twoStepSkipUntil;
  return !(skipUntil && skipUntil > now());
}

function refusal(code: ErrorCode, closed?: ClosedAccount | null): SignInResult {
  return closed ? { ok: false, code, closedAccountCookie: closedAccountProof(closed.id, closed.dueAt) } : { ok: false, code };
}

/**
 * What every sign-in writes, whatever proved it: the journal entry, the
 * session, and the browser (a known one's last use refreshed; a new one
 * remembered by a fresh cookie, and its owner alerted).
 */
function signInWrites(
  account: SignInAccount,
  journal: "signin.success" | "signin.passkey",
  sessionId: string,
  twoStepSkipUntil?: Date,
): { writes: SuccessWrites; deviceCookie: DeviceCookie | null } {
  if (account.device) return { writes: { journal, sessionId, device: { known: account.device, twoStepSkipUntil } }, deviceCookie: null };
  const fresh = newDeviceCookie();
  return {
    writes: { journal, sessionId, device: { newDigest: fresh.digest, twoStepSkipUntil }, alert: account },
    deviceCookie: fresh.cookie,
  };
}

/**
 * A passkey sign-in: the assertion (verifyPasskeyAssertion: the challenge
 * this browser holds, the credential, the library's checks), then the same
 * writes as a password sign-in, gated on the passkey's counter instead of
 * a lock path. The password's lock paths are neither read nor reset: a
 * stranger's wrong passwords cannot keep the owner's passkey out, and the
 * lock they caused stays until it is lifted as usual. The rate limit was
 * counted when the browser got its challenge (startPasskeySignIn).
 */
export async function authenticateWithPasskey(
  response: unknown,
  challengeId: string | undefined,
  client: ClientInfo,
  deviceToken?: string,
): Promise<SignInResult> {
  const assertion = await verifyPasskeyAssertion(response, challengeId);
  if (!assertion.ok) {
    await recordSecurityEvent(db, "signin.passkey_failure", assertion.userId, client);
    return { ok: false, code: "passkeyRefused" };
  }
  const { passkey } = assertion;
  const account = await findSignInAccount({ id: passkey.userId }, deviceToken);
  // Passkeys are added by signed-in, hence confirmed, accounts; an account cannot lose its confirmation.
  if (!account || account.emailVerified === null) return { ok: false, code: "passkeyRefused" };
  if (account.deletionDueAt !== null) {
    // Journaled like the password's; the counter does not move: the passkey opened nothing.
    await recordSecurityEvent(db, "signin.closed_account", account.id, client);
    return refusal("accountClosing", { id: account.id, dueAt: account.deletionDueAt });
  }
  const sessionId = newSecret();
  const { writes, deviceCookie } = signInWrites(account, "signin.passkey", sessionId);
  if (!(await recordSuccess({ passkey }, client, writes))) {
    const closed = await closedSince(account.id);
    return closed ? refusal("accountClosing", closed) : { ok: false, code: "passkeyRefused" };
  }
  return {
    ok: true,
    user: { id: account.id, pseudo: account.pseudo, email: account.email, locale: account.locale },
    sessionId,
    deviceCookie,
  };
}

export type SecondStepInput = {
  /** The handle the browser's "two-step" cookie carries. */
  handle: string | undefined;
  proof: SecondStepProof;
  /** "Ne plus demander sur ce navigateur". */
  remember: boolean;
};

/**
 * The second step of a two-step account's sign-in (/connexion/code, through
 * Auth.js's "two-step" provider): the challenge the browser's handle names
 * → the "two-step" lock path locked? (with the timed unlock) → the code,
 * accepted at most once (two-step/challenge.ts) → wrong: counted on that
 * path (warning at one try left, then the lock and its email), and, from a
 * browser the account does not know, the owner told their password is known
 * → right: the same success write as any sign-in, gated on that path's
 * counter reset, with this browser remembered (and, if asked, spared the
 * code for TWO_FACTOR_REMEMBER_DAYS).
 */
export async function authenticateSecondStep(input: SecondStepInput, client: ClientInfo, deviceToken?: string): Promise<SignInResult> {
  const challenge = await findChallenge(input.handle);
  if (!challenge) return { ok: false, code: "twoStepExpired" };
  const account = await findSignInAccount({ id: challenge.userId }, deviceToken);
  if (!account || !account.twoStep) return { ok: false, code: "twoStepExpired" };
  const path = twoStepLockPath(account.id);
  if (await checkLock(path, await readLock(path), client)) {
    await recordSecurityEvent(db, "signin.locked", account.id, client);
    return { ok: false, code: "locked" };
  }
  if ((await consumeChallenge(challenge, input.proof)) === "refused") {
    const [outcome] = await Promise.all([
      registerFailure(path, client),
      challenge.deviceId === null ? warnPasswordKnown(account.id, client) : null,
    ]);
    return { ok: false, code: outcome === "invalidCredentials" ? "invalidTwoStepCode" : outcome };
  }
  const sessionId = newSecret();
  const { writes, deviceCookie } = signInWrites(account, "signin.success", sessionId, input.remember ? rememberUntil() : undefined);
  if (!(await recordSuccess({ lockPath: path }, client, account.deletionDueAt === null ? writes : {}))) {
    // The handle is spent either way: a lock that landed meanwhile wins, and a closure refuses the session.
    const closed = await closedSince(account.id);
    return closed ? refusal("accountClosing", closed) : { ok: false, code: "locked" };
  }
  if (account.deletionDueAt !== null) return refusal("accountClosing", { id: account.id, dueAt: account.deletionDueAt });
  if (input.proof.kind === "recovery") await journalRecoveryCodeUse(account.id, client);
  return {
    ok: true,
    user: { id: account.id, pseudo: account.pseudo, email: account.email, locale: account.locale },
    sessionId,
    deviceCookie,
  };
}
