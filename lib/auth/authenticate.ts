import "server-only";
import { db } from "@/lib/db";
import type { ClientInfo } from "@/lib/http/client-info";
import type { ErrorCode } from "./errors";
import { findKnownDevice, rememberDevice, type DeviceCookie } from "./known-device";
import { isLocked, lockPathFor, recordSuccessfulSignIn, registerFailure } from "./lockout";
import { hashPassword, verifyAgainstDecoy, verifyPassword } from "./password-hash";
import { allowAll } from "./rate-limit";
import { recordSecurityEvent } from "./security-events";
import { newSession } from "./session";

// Every sign-in, from the /connexion form or POST /api/auth/callback/credentials,
// runs these checks in this order (after Devise's valid_for_authentication?):
// rate limit → find user → which lock path (a known device of this user, or
// the account's shared one) → locked? (with the timed unlock) → password →
// count the failure, warn, lock and queue the unlock email → confirmed? →
// reset the path's counter → remember the device. Unknown identifiers and
// locked accounts spend the same hashing time as a wrong password, so timing
// does not tell them apart.

export type SignInUser = { id: string; pseudo: string; email: string };
export type SignInResult =
  { ok: true; user: SignInUser; sessionId: string; deviceCookie: DeviceCookie | null } | { ok: false; code: ErrorCode };

export function normaliseIdentifier(identifier: string): string {
  return identifier.normalize("NFC").trim().toLowerCase();
}

export async function authenticate(
  credentials: { identifier: string; password: string },
  client: ClientInfo,
  /** The verified random part of the browser's device cookie, if it sent one. */
  deviceToken?: string,
): Promise<SignInResult> {
  const identifier = normaliseIdentifier(credentials.identifier);
  const { password } = credentials;

  // The limits and the account are read in one round trip; the limits still
  // decide before any hashing (the costly part an attacker would want).
  const [allowed, user] = await Promise.all([
    allowAll([
      ["signinIp", client.ip],
      ["signinAccount", identifier],
    ]),
    db.user.findFirst({
      where: identifier.includes("@") ? { email: identifier } : { pseudoKey: identifier },
      select: { id: true, pseudo: true, email: true, passwordHash: true, emailVerified: true, lockedAt: true },
    }),
  ]);
  if (!allowed) return { ok: false, code: "rateLimited" };
  if (!user) {
    // Journaled too (without an account): one write, like a wrong password's.
    await Promise.all([verifyAgainstDecoy(password), recordSecurityEvent(db, "signin.failure", null, client)]);
    return { ok: false, code: "invalidCredentials" };
  }

  const device = await findKnownDevice(deviceToken, user.id);
  const path = lockPathFor(user.id, device);

  if (await isLocked(path, device ? device.lockedAt : user.lockedAt, client)) {
    await Promise.all([verifyAgainstDecoy(password), recordSecurityEvent(db, "signin.locked", user.id, client)]);
    return { ok: false, code: "locked" };
  }

  const verdict = await verifyPassword(user.passwordHash, password);
  if (!verdict.ok) return { ok: false, code: await registerFailure(path, client) };

  // Only someone who knows the password learns that the account waits for confirmation.
  if (!user.emailVerified) return { ok: false, code: "unconfirmed" };

  // A success's writes go out together. The counter reset, the journal entry
  // and the session are one statement: if a lock landed since the check
  // above, none of them is written. The device stays known either way: its
  // user did prove the password.
  const session = newSession(user.id, client);
  const [unlocked, deviceCookie] = await Promise.all([
    recordSuccessfulSignIn(path, client, session.insertFrom),
    rememberDevice(user.id, device, client),
    verdict.rehash
      ? hashPassword(password).then((passwordHash) => db.user.update({ where: { id: user.id }, data: { passwordHash } }))
      : null,
  ]);
  if (!unlocked) return { ok: false, code: "locked" };
  return { ok: true, user: { id: user.id, pseudo: user.pseudo, email: user.email }, sessionId: session.sessionId, deviceCookie };
}

export type Reauthenticated = { id: string; pseudo: string; email: string; locale: string };
export type ReauthenticationResult = { ok: true; user: Reauthenticated } | { ok: false; code: ErrorCode; wrongPassword: boolean };

/**
 * A signed-in user proves it is still them (changing the password or the
 * email). Same lock path and counters as a sign-in: a wrong password here
 * brings the lock closer exactly as at /connexion.
 */
export async function reauthenticate(
  userId: string,
  password: string,
  client: ClientInfo,
  deviceToken?: string,
): Promise<ReauthenticationResult> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, pseudo: true, email: true, locale: true, passwordHash: true, lockedAt: true },
  });
  if (!user) return { ok: false, code: "unexpected", wrongPassword: false };
  const device = await findKnownDevice(deviceToken, user.id);
  const path = lockPathFor(user.id, device);
  if (await isLocked(path, device ? device.lockedAt : user.lockedAt, client)) return { ok: false, code: "locked", wrongPassword: false };
  if (!(await verifyPassword(user.passwordHash, password)).ok) {
    const outcome = await registerFailure(path, client);
    return { ok: false, code: outcome, wrongPassword: outcome !== "locked" };
  }
  return { ok: true, user: { id: user.id, pseudo: user.pseudo, email: user.email, locale: user.locale } };
}
