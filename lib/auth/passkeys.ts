import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { z } from "zod";
import { db, Prisma } from "@/lib/db";
import type { PasskeyCeremony } from "@/lib/db/generated/enums";
import { now } from "@/lib/clock";
import { appUrl } from "@/lib/env";
import type { ClientInfo } from "@/lib/request/client-info";
import { localeOr } from "@/lib/i18n/config";
import { appLink, queueEmail } from "@/lib/mail";
import { reauthenticate } from "./authenticate";
import type { ErrorCode } from "@/lib/validation/errors";
import { allowAttempt } from "@/lib/rate-limit";
import { authSecret } from "@/lib/auth-secret";
import { recordSecurityEvent } from "./security-events";
import { secureCookies } from "@/lib/request/cookies";

// Passkeys (WebAuthn discoverable credentials), verified by
// @simplewebauthn/server: this module only chooses the options, keeps the
// challenges and stores the credentials. The relying party is APP_URL's
// host name and origin, never the request's Host.
//
// A challenge is a row of passkey_challenges, named by a signed httpOnly
// cookie on the browser that asked; verifying deletes the row in one
// conditional DELETE, so it is single use (two parallel answers: one wins),
// bound to that browser (another one does not hold the cookie) and short
// lived (CHALLENGE_TTL_MS). A registration challenge also belongs to the
// signed-in user who asked.
//
// Adding a passkey takes the current password first, through the same chain,
// lock path and counters as changing the password (reauthenticate). Signing
// in with one is authenticate.ts's authenticateWithPasskey: it uses
// verifyPasskeyAssertion below, then opens the session as a password does.
// Owns: the passkeys and passkey_challenges tables, the challenge cookie.

export const CHALLENGE_TTL_MS = 5 * 60_000;
export const CHALLENGE_COOKIE = secureCookies() ? "__Host-sesame.passkey" : "sesame.passkey";
const RP_NAME = "Sésame";

/** Relying party id and origin: APP_URL's host name and origin (a passkey made for one never answers another). */
export function relyingParty(): { id: string; origin: string } {
  const url = new URL(appUrl());
  return { id: url.hostname, origin: url.origin };
}

/** A user id as the WebAuthn user handle: the uuid's 16 bytes. */
function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId.replace(/-/g, ""), "hex"));
}

// ---------------------------------------------------------------- challenges

export type ChallengeCookie = { name: string; value: string; maxAge: number; secure: boolean };

function signature(id: string): string {
  return createHmac("sha256", `${authSecret()}:passkey-challenge`).update(id).digest("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The challenge row a cookie names, when its signature holds. */
export function readChallengeCookie(value: string | undefined): string | undefined {
  if (!value || value.length > 200) return undefined;
  const [id, signed] = value.split(".");
  if (!id || !signed || !UUID.test(id)) return undefined;
  const expected = Buffer.from(signature(id));
  const given = Buffer.from(signed);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : undefined;
}

/** The challenge cookie from a request's Cookie header. */
export function challengeCookieFrom(cookieHeader: string | null): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === CHALLENGE_COOKIE) return readChallengeCookie(part.slice(index + 1).trim());
  }
  return undefined;
}

async function issueChallenge(ceremony: PasskeyCeremony, userId: string | null, challenge: string): Promise<ChallengeCookie> {
  const at = now();
  const row = await db.passkeyChallenge.create({
    data: { ceremony, userId, challenge, createdAt: at, expiresAt: new Date(at.getTime() + CHALLENGE_TTL_MS) },
    select: { id: true },
  });
  return {
    name: CHALLENGE_COOKIE,
    value: `${row.id}.${signature(row.id)}`,
    maxAge: CHALLENGE_TTL_MS / 1000,
    secure: secureCookies(),
  };
}

/**
 * Uses a challenge up: one conditional DELETE, so of two answers to the
 * same challenge exactly one gets it. Null when unknown, used, expired, of
 * the other ceremony or (registration) of another user.
 */
async function consumeChallenge(id: string | undefined, ceremony: PasskeyCeremony, userId: string | null): Promise<string | null> {
  if (!id || !UUID.test(id)) return null;
  const rows = await db.$queryRaw<{ challenge: string }[]>`
    DELETE FROM passkey_challenges
    WHERE id = ${id}::uuid AND ceremony = ${ceremony}::"PasskeyCeremony" AND expires_at > ${now()}::timestamp
      AND user_id IS NOT DISTINCT FROM ${userId}::uuid
    RETURNING challenge`;
  return rows[0]?.challenge ?? null;
}

/** Drops challenges nobody answered (the retention pass). */
export async function pruneChallenges(tx: Prisma.TransactionClient): Promise<number> {
  const result = await tx.passkeyChallenge.deleteMany({ where: { expiresAt: { lt: now() } } });
  return result.count;
}

// ------------------------------------------------------ what browsers send

const base64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/);
const credentialShape = {
  id: base64url.min(1).max(1400),
  rawId: base64url.min(1).max(1400),
  type: z.literal("public-key"),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
};

/** The shape of startRegistration()'s answer; the library checks everything inside it. */
const registrationResponseSchema = z.object({
  ...credentialShape,
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    transports: z.array(z.string().max(32)).max(10).optional(),
  }),
});

/** The shape of startAuthentication()'s answer. */
const authenticationResponseSchema = z.object({
  ...credentialShape,
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
});

/** Browsers post the answer as JSON text; anything else (or anything huge) is refused before the library sees it. */
function parseJson<T>(schema: z.ZodType<T>, raw: unknown): T | null {
  if (typeof raw !== "string" || raw.length > 65_536) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

// -------------------------------------------------------------- registration

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
      await queuePasskeyNotice(tx, user, "added", passkeyLabel({ name: null, aaguid: info.aaguid }));
      return { ok: true as const, passkeyId: passkey.id };
    });
  } catch (error) {
    // The credential is already registered (to this user or another one).
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, code: "passkeyNotAdded" };
    throw error;
  }
}

// ------------------------------------------------------------ authentication

export type AuthenticationStart =
  { ok: true; options: PublicKeyCredentialRequestOptionsJSON; cookie: ChallengeCookie } | { ok: false; code: "rateLimited" };

/**
 * Options for a passkey sign-in (the button, or autofill): no identifier,
 * discoverable credentials only. The per-IP limit counts here: every
 * verification uses up one challenge, so it bounds them too.
 */
export async function startPasskeySignIn(client: ClientInfo): Promise<AuthenticationStart> {
  if (!(await allowAttempt("passkeySignIn", client.ip))) return { ok: false, code: "rateLimited" };
  const options = await generateAuthenticationOptions({ rpID: relyingParty().id, userVerification: "required", timeout: CHALLENGE_TTL_MS });
  return { ok: true, options, cookie: await issueChallenge("authentication", null, options.challenge) };
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
export async function verifyPasskeyAssertion(rawResponse: unknown, challengeId: string | undefined): Promise<AssertionResult> {
  const response = parseJson(authenticationResponseSchema, rawResponse);
  const expectedChallenge = await consumeChallenge(challengeId, "authentication", null);
  if (!response || !expectedChallenge) return { ok: false, userId: null };
  const passkey = await db.passkey.findUnique({
    where: { credentialId: response.id },
    select: { id: true, userId: true, credentialId: true, publicKey: true, counter: true, transports: true },
  });
  if (!passkey) return { ok: false, userId: null };
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

// ---------------------------------------------------------------- the list

/** Authenticators that name themselves by AAGUID, for the default name (passkey providers publish these). */
const knownAuthenticators: Record<string, string> = {
  "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4": "Google Password Manager",
  "adce0002-35bc-c60a-648b-0b25f1f05503": "Chrome (macOS)",
  "fbfc3007-154e-4ecc-8c0b-6e020557d7bd": "iCloud Keychain",
  "dd4ec289-e01d-41c9-bb89-70fa845d4bf2": "iCloud Keychain",
  "08987058-cadc-4b81-b6e1-30de50dcbe96": "Windows Hello",
  "9ddd1817-af5a-4672-a2b9-3e3dd95000a9": "Windows Hello",
  "6028b017-b1d4-4c02-b4b3-afcdafc96bb2": "Windows Hello",
  "bada5566-a7aa-401f-bd96-45619a55120d": "1Password",
  "d548826e-79b4-db40-a3d8-11116f7e8349": "Bitwarden",
  "531126d6-e717-415c-9320-3d9aa6981239": "Dashlane",
  "53414d53-554e-4700-0000-000000000000": "Samsung Pass",
};

/** The authenticator's own name when its AAGUID is one we know (null: the page names it "Clé d'accès" and the date). */
export function authenticatorName(aaguid: string | null): string | null {
  return aaguid ? (knownAuthenticators[aaguid.toLowerCase()] ?? null) : null;
}

/** The name the user chose, else the authenticator's; null when neither (callers add "Clé d'accès" and the date). */
export function passkeyLabel(passkey: { name: string | null; aaguid: string | null }): string | null {
  return passkey.name ?? authenticatorName(passkey.aaguid);
}

export type PasskeyView = {
  id: string;
  name: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  backedUp: boolean;
  multiDevice: boolean;
};

/** The user's passkeys for /compte, oldest first. */
export async function listPasskeys(userId: string): Promise<PasskeyView[]> {
  const rows = await db.passkey.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, aaguid: true, createdAt: true, lastUsedAt: true, backedUp: true, deviceType: true },
  });
  return rows.map((row) => ({
    id: row.id,
    name: passkeyLabel(row),
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    backedUp: row.backedUp,
    multiDevice: row.deviceType === "multiDevice",
  }));
}

export type PasskeyChange = "done" | "notFound" | "rateLimited";

/** Renames one of this user's passkeys (the name is validated by the form's schema). */
export async function renamePasskey(userId: string, passkeyId: string, name: string): Promise<PasskeyChange> {
  if (!(await allowAttempt("passkeyChange", userId))) return "rateLimited";
  const result = await db.passkey.updateMany({ where: { id: passkeyId, userId }, data: { name } });
  return result.count === 1 ? "done" : "notFound";
}

/** "Supprimer": removes one of this user's passkeys, journaled, and tells the owner by email. */
export async function deletePasskey(userId: string, passkeyId: string, client: ClientInfo): Promise<PasskeyChange> {
  if (!(await allowAttempt("passkeyChange", userId))) return "rateLimited";
  return db.$transaction(async (tx) => {
    const removed = await tx.$queryRaw<{ name: string | null; aaguid: string | null }[]>`
      DELETE FROM passkeys WHERE id = ${passkeyId}::uuid AND user_id = ${userId}::uuid RETURNING name, aaguid`;
    const passkey = removed[0];
    if (!passkey) return "notFound";
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, pseudo: true, locale: true } });
    await recordSecurityEvent(tx, "passkey.removed", userId, client);
    await queuePasskeyNotice(tx, user, "removed", passkeyLabel(passkey));
    return "done";
  });
}

async function queuePasskeyNotice(
  tx: Prisma.TransactionClient,
  user: { email: string; pseudo: string; locale: string },
  change: "added" | "removed",
  name: string | null,
): Promise<void> {
  await queueEmail(tx, {
    template: "passkey-notice",
    to: user.email,
    locale: localeOr(user.locale),
    props: { pseudo: user.pseudo, change, name, at: now().toISOString(), url: appLink("/compte#passkeys") },
    helpAnchor: "cle-d-acces",
  });
}
