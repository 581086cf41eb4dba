import "server-only";
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { db, Prisma } from "@/lib/db";
import type { ClientInfo } from "@/lib/request/client-info";
import { allowAttempt } from "@/lib/rate-limit";
import { CHALLENGE_TTL_MS, consumeChallenge, issueChallenge, type ChallengeCookie } from "./challenges";
import { relyingParty, userHandleOf } from "./relying-party";
import { authenticationResponseSchema, parseJson } from "./schemas";

// Signing in with a passkey: the options for the browser, and the
// assertion's checks. Opening the session is authenticate.ts's
// authenticateWithPasskey, which calls verifyPasskeyAssertion and then
// writes as a password sign-in does.

export type AuthenticationStart =
  { ok: true; options: PublicKeyCredentialRequestOptionsJSON; cookie: ChallengeCookie } | { ok: false; code: "rateLimited" };

/**
 * Options for a passkey sign-in (the button, or autofill): no identifier,
 * discoverable credentials only. The per-address limit counts here: every
 * verification uses up one challenge, so it bounds them too; and the
 * address's unanswered challenges are bounded (issueChallenge).
 */
export async function startPasskeySignIn(client: ClientInfo): Promise<AuthenticationStart> {
  if (!(await allowAttempt("passkeySignIn", client.ip))) return { ok: false, code: "rateLimited" };
  const options = await generateAuthenticationOptions({ rpID: relyingParty().id, userVerification: "required", timeout: CHALLENGE_TTL_MS });
  return { ok: true, options, cookie: await issueChallenge("authentication", null, options.challenge, client.ip) };
}

/**
 * Options for a signed-in user proving it is them with one of their own
 * passkeys (closing the account): only their credentials are offered, and
 * the challenge is bound to them, so it serves neither a sign-in nor anyone
 * else. The caller counts its own limit. "passkeyRefused" when they have none.
 */
export async function startPasskeyReauthentication(
  userId: string,
): Promise<{ ok: true; options: PublicKeyCredentialRequestOptionsJSON; cookie: ChallengeCookie } | { ok: false; code: "passkeyRefused" }> {
  const passkeys = await db.passkey.findMany({ where: { userId }, select: { credentialId: true, transports: true } });
  if (passkeys.length === 0) return { ok: false, code: "passkeyRefused" };
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    userVerification: "required",
    timeout: CHALLENGE_TTL_MS,
    allowCredentials: passkeys.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports as AuthenticatorTransport[] })),
  });
  return { ok: true, options, cookie: await issueChallenge("authentication", userId, options.challenge) };
}

export type VerifiedAssertion = { ok: true; passkey: { id: string; userId: string; counter: bigint; newCounter: number } };
export type AssertionResult = VerifiedAssertion | { ok: false; userId: string | null };

/**
 * An assertion, checked: the challenge this browser holds (used up here),
 * a credential we know, the user handle it claims (the owner's), then the
 * library: origin, RP id, user verification, the signature by the stored
 * public key, and the signature counter (a counter that does not move
 * forward, when the authenticator keeps one, is how a cloned authenticator
 * shows; the library refuses it). The caller writes the new counter
 * conditionally on the old one (sign-in-store.ts), so two parallel
 * assertions cannot both pass on the same count.
 */
export async function verifyPasskeyAssertion(
  rawResponse: unknown,
  challengeId: string | undefined,
  /** A re-authentication's user (startPasskeyReauthentication): the challenge must be theirs, and the passkey too. Null: a sign-in. */
  forUser: string | null = null,
): Promise<AssertionResult> {
  const response = parseJson(authenticationResponseSchema, rawResponse);
  const expectedChallenge = await consumeChallenge(challengeId, "authentication", forUser);
  if (!response || !expectedChallenge) return { ok: false, userId: forUser };
  const passkey = await db.passkey.findUnique({
    where: { credentialId: response.id },
    select: { id: true, userId: true, credentialId: true, publicKey: true, counter: true, transports: true },
  });
  if (!passkey || (forUser !== null && passkey.userId !== forUser)) return { ok: false, userId: forUser };
  // A discoverable credential names its user; it must be the one the credential was registered to.
  if (response.response.userHandle !== undefined && response.response.userHandle !== isoBase64URL.fromBuffer(userHandleOf(passkey.userId)))
    return { ok: false, userId: passkey.userId };
  const rp = relyingParty();
  try {
    const verification = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
        transports: passkey.transports as AuthenticatorTransport[],
      },
    });
    if (!verification.verified) return { ok: false, userId: passkey.userId };
    return {
      ok: true,
      passkey: { id: passkey.id, userId: passkey.userId, counter: passkey.counter, newCounter: verification.authenticationInfo.newCounter },
    };
  } catch {
    return { ok: false, userId: passkey.userId };
  }
}

/**
 * A passkey sign-in's gate (lib/db/gated-write.ts): its signature counter
 * moves from the value the assertion was verified against to the new one, so
 * a parallel assertion on the same count, or the passkey's removal
 * meanwhile, finds no row and writes nothing.
 */
export function counterAdvanceGate(passkey: VerifiedAssertion["passkey"], at: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE passkeys SET counter = ${BigInt(passkey.newCounter)}, last_used_at = ${at}::timestamp
    WHERE id = ${passkey.id}::uuid AND counter = ${passkey.counter}
    RETURNING user_id`;
}

/** A re-authentication's counter step, inside the caller's transaction (the same gate as a sign-in's): false when a parallel use or a removal got there first. */
export async function advancePasskeyCounter(
  tx: Prisma.TransactionClient,
  passkey: VerifiedAssertion["passkey"],
  at: Date,
): Promise<boolean> {
  const rows = await tx.$queryRaw<{ user_id: string }[]>(counterAdvanceGate(passkey, at));
  return rows.length === 1;
}
