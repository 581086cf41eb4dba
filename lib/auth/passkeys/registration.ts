import "server-only";
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { db, Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import type { ClientInfo } from "@/lib/request/client-info";
import type { ErrorCode } from "@/lib/validation/errors";
import { reauthenticate } from "../reauthenticate";
import { passkeyNotMeLink } from "../not-me";
import { recordSecurityEvent } from "../security-events";
import { issueToken } from "../tokens";
import { CHALLENGE_TTL_MS, consumeChallenge, issueChallenge, type ChallengeCookie } from "./challenges";
import { passkeyLabel, queuePasskeyNotice } from "./management";
import { RP_NAME, relyingParty, userHandleOf } from "./relying-party";
import { parseJson, registrationResponseSchema } from "./schemas";

// "Ajouter une clé d'accès": the current password first, through the same
// chain, lock path and counters as changing the password (reauthenticate),
// then the library's registration ceremony against a challenge of this
// browser and this user.
// Owns: the passkeys table's rows (their creation).

export type RegistrationStart =
  | { ok: true; options: PublicKeyCredentialCreationOptionsJSON; cookie: ChallengeCookie }
  | { ok: false; code: ErrorCode; wrongPassword: boolean };

/**
 * "Ajouter une clé d'accès", first step: the current password (the chain,
 * lock path and counters of a password change), then the options for the
 * browser and a challenge for this user and this browser.
 */
export async function startPasskeyRegistration(
  userId: string,
  password: string,
  client: ClientInfo,
  deviceToken?: string,
): Promise<RegistrationStart> {
  const proof = await reauthenticate(userId, password, client, { deviceToken, limits: [["passkeyAdd", userId]] });
  if (!proof.ok) return { ok: false, code: proof.code, wrongPassword: proof.wrongPassword };
  const { user } = proof;
  const existing = await db.passkey.findMany({ where: { userId }, select: { credentialId: true, transports: true } });
  const rp = relyingParty();
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.id,
    userID: userHandleOf(user.id),
    userName: user.email,
    userDisplayName: user.pseudo,
    timeout: CHALLENGE_TTL_MS,
    attestationType: "none",
    // The same authenticator twice would be one key under two names.
    excludeCredentials: existing.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports as AuthenticatorTransport[],
    })),
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
  });
  return { ok: true, options, cookie: await issueChallenge("registration", user.id, options.challenge) };
}

export type RegistrationFinish = { ok: true; passkeyId: string } | { ok: false; code: ErrorCode };

/**
 * Second step: the authenticator's answer, verified by the library against
 * the challenge this browser holds for this user, then stored, journaled
 * and announced to the owner by email (someone who had the password could
 * otherwise add a way in unseen).
 */
export async function finishPasskeyRegistration(
  userId: string,
  rawResponse: unknown,
  challengeId: string | undefined,
  client: ClientInfo,
): Promise<RegistrationFinish> {
  const response = parseJson(registrationResponseSchema, rawResponse);
  if (!response) return { ok: false, code: "passkeyNotAdded" };
  const expectedChallenge = await consumeChallenge(challengeId, "registration", userId);
  if (!expectedChallenge) return { ok: false, code: "passkeyExpired" };
  const rp = relyingParty();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch {
    return { ok: false, code: "passkeyNotAdded" };
  }
  if (!verification.verified) return { ok: false, code: "passkeyNotAdded" };
  const info = verification.registrationInfo;
  const at = now();
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, pseudo: true, locale: true } });
      const passkey = await tx.passkey.create({
        data: {
          userId,
          credentialId: info.credential.id,
          publicKey: Buffer.from(info.credential.publicKey),
          counter: BigInt(info.credential.counter),
          transports: info.credential.transports ?? [],
          deviceType: info.credentialDeviceType,
          backedUp: info.credentialBackedUp,
          aaguid: info.aaguid,
          createdAt: at,
        },
        select: { id: true },
      });
      await recordSecurityEvent(tx, "passkey.added", userId, client);
      // Its own "Ce n'était pas moi": whoever added it had the password, so the link does what the alert's does.
      const notMe = await issueToken(tx, userId, "passkey_not_me", { passkeyId: passkey.id });
      await queuePasskeyNotice(tx, user, "added", passkeyLabel({ name: null, aaguid: info.aaguid }), passkeyNotMeLink.url(notMe));
      return { ok: true as const, passkeyId: passkey.id };
    });
  } catch (error) {
    // The credential is already registered (to this user or another one).
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, code: "passkeyNotAdded" };
    throw error;
  }
}
