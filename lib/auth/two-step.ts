import "server-only";
import { db, Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { localeOr } from "@/lib/i18n/config";
import { appLink, queueEmail } from "@/lib/mail";
import { emailLinkRoutes } from "@/lib/flows";
import type { ClientInfo } from "@/lib/request/client-info";
import type { ErrorCode } from "@/lib/validation/errors";
import type { TemplateProps } from "@/emails";
import { forgetTwoStepSkips } from "./known-device";
import { reauthenticate } from "./reauthenticate";
import { recordSecurityEvent, type SecurityEventType } from "./security-events";
import { openSecret, sealSecret } from "./two-step/secret-box";
import { digestRecoveryCode, newRecoveryCode, RECOVERY_CODE_COUNT, RECOVERY_CODES_LOW } from "./two-step/recovery-codes";
import { groupedKey, matchTotp, newTotpSecret, totpQrSvg, totpUri } from "./two-step/totp";

// Two-step verification: an authenticator app's codes (RFC 6238) and ten
// recovery codes, asked after a right password (authenticate.ts runs the
// sign-in, two-step/challenge.ts proves its second step). This module is
// the /compte side: set-up, new codes, turning off.
//
// Owns: the two_steps table (the sealed secret, the last accepted time step,
// when the owner was last told their password is known), recovery_codes
// (digests only) and two_step_challenges (a right password waiting for its
// code: the browser holds the raw handle in the signed "two-step" cookie);
// setting TWO_FACTOR_REMEMBER_DAYS ("Ne plus demander sur ce navigateur",
// stored on the browser's known_devices row by known-device.ts).
//
// Every change is journaled and emailed. `turnOffTwoStep` is the one way to
// turn it off without a code: the owner's own "Désactiver" after proving
// password and code, and a lost-authenticator request that took effect
// (lib/auth/lost-mailbox.ts).

type Tx = Prisma.TransactionClient;

/** How long a set-up waits for its first code before it must start again (the key is shown only meanwhile). */
const SETUP_MINUTES = 30;
// ---------------------------------------------------------------------------
// What /compte shows

export type TwoStepView =
  | { state: "off" }
  | { state: "settingUp"; qrSvg: string; key: string }
  | { state: "on"; enabledAt: Date; recoveryCodesLeft: number; recoveryCodesLow: boolean };

/** The section's state; a set-up's key and QR code, only while it waits for its first code. */
export async function twoStepView(userId: string, email: string): Promise<TwoStepView> {
  const row = await db.twoStep.findUnique({ where: { userId }, select: { secretEncrypted: true, enabledAt: true, createdAt: true } });
  if (!row) return { state: "off" };
  if (row.enabledAt) {
    const left = await recoveryCodesLeft(userId);
    return { state: "on", enabledAt: row.enabledAt, recoveryCodesLeft: left, recoveryCodesLow: left <= RECOVERY_CODES_LOW };
  }
  const secret = setupSecret(row);
  if (!secret) return { state: "off" };
  return { state: "settingUp", qrSvg: await totpQrSvg(totpUri(secret, email)), key: groupedKey(secret) };
}

function setupSecret(row: { secretEncrypted: string; createdAt: Date }): string | null {
  if (now().getTime() - row.createdAt.getTime() > SETUP_MINUTES * 60_000) return null;
  return openSecret(row.secretEncrypted)?.plain ?? null;
}

/** Unused recovery codes (/compte, support: a count, never a code). */
export function recoveryCodesLeft(userId: string): Promise<number> {
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}

/** Whether two-step verification is on (a set-up waiting for its first code is not), read inside the caller's transaction. */
export async function isTwoStepOn(tx: Tx, userId: string): Promise<boolean> {
  return (await tx.twoStep.count({ where: { userId, enabledAt: { not: null } } })) > 0;
}

/** What support may see: whether it is on and how many recovery codes remain; no secret, no code. */
export async function twoStepSummary(userId: string): Promise<{ enabled: boolean; recoveryCodesLeft: number }> {
  const row = await db.twoStep.findUnique({ where: { userId }, select: { enabledAt: true } });
  if (!row?.enabledAt) return { enabled: false, recoveryCodesLeft: 0 };
  return { enabled: true, recoveryCodesLeft: await recoveryCodesLeft(userId) };
}

// ---------------------------------------------------------------------------
// Set-up, new codes, turning off (signed in, on /compte)

type Proof = { userId: string; password: string; client: ClientInfo; deviceToken?: string };
type Refusal = { ok: false; code: ErrorCode; field?: "currentPassword" | "code" };

async function provePassword(
  proof: Proof,
): Promise<Refusal | { ok: true; user: { id: string; email: string; pseudo: string; locale: string } }> {
  const result = await reauthenticate(proof.userId, proof.password, proof.client, {
    deviceToken: proof.deviceToken,
    limits: [["twoStepChange", proof.userId]],
  });
  if (!result.ok) return { ok: false, code: result.code, field: result.wrongPassword ? "currentPassword" : undefined };
  return { ok: true, user: result.user };
}

/** "Activer la validation en deux étapes": after the password, a new secret waits for its first code (an earlier set-up is replaced). */
export async function startTwoStepSetup(proof: Proof): Promise<{ ok: true } | Refusal> {
  const proved = await provePassword(proof);
  if (!proved.ok) return proved;
  const secretEncrypted = sealSecret(newTotpSecret());
  const at = now();
  // Only a row still waiting is replaced: turning it on again goes through "Désactiver" first.
  const rows = await db.$executeRaw`
    INSERT INTO two_steps (user_id, secret_encrypted, created_at) VALUES (${proof.userId}::uuid, ${secretEncrypted}, ${at}::timestamp)
    ON CONFLICT (user_id) DO UPDATE SET secret_encrypted = EXCLUDED.secret_encrypted, created_at = EXCLUDED.created_at,
      last_step = NULL WHERE two_steps.enabled_at IS NULL`;
  return rows === 1 ? { ok: true } : { ok: false, code: "unexpected" };
}

/** "Activer": the first right code turns it on and makes the ten recovery codes, shown once (the only time they exist in clear). */
export async function enableTwoStep(userId: string, code: string, client: ClientInfo): Promise<{ ok: true; codes: string[] } | Refusal> {
  const row = await db.twoStep.findUnique({ where: { userId }, select: { secretEncrypted: true, enabledAt: true, createdAt: true } });
  const secret = row && !row.enabledAt ? setupSecret(row) : null;
  if (!secret) return { ok: false, code: "twoStepSetupExpired" };
  const at = now();
  const step = await matchTotp(secret, code, at);
  if (step === null) return { ok: false, code: "invalidTwoStepCode", field: "code" };
  return db.$transaction(async (tx) => {
    const enabled = await tx.twoStep.updateMany({
      where: { userId, enabledAt: null, secretEncrypted: row!.secretEncrypted },
      data: { enabledAt: at, lastStep: BigInt(step) },
    });
    if (enabled.count !== 1) return { ok: false, code: "twoStepSetupExpired" } as const;
    const codes = await replaceRecoveryCodes(tx, userId);
    await announce(tx, userId, "two_step.enabled", "enabled", client);
    return { ok: true, codes };
  });
}

/** "Générer de nouveaux codes": ten new ones; every earlier one, used or not, stops working in the same transaction. */
export async function regenerateRecoveryCodes(userId: string, client: ClientInfo): Promise<{ ok: true; codes: string[] } | Refusal> {
  return db.$transaction(async (tx) => {
    const on = await tx.twoStep.findFirst({ where: { userId, enabledAt: { not: null } }, select: { userId: true } });
    if (!on) return { ok: false, code: "unexpected" } as const;
    const codes = await replaceRecoveryCodes(tx, userId);
    await announce(tx, userId, "two_step.codes_regenerated", "codesRegenerated", client);
    return { ok: true, codes };
  });
}

async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const at = now();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: digestRecoveryCode(code)!, createdAt: at })) });
  return codes;
}

/** "Désactiver la validation en deux étapes": the password and a code (from the app or a recovery code), then off. */
export async function disableTwoStep(proof: Proof & { code: string }): Promise<{ ok: true } | Refusal> {
  const proved = await provePassword(proof);
  if (!proved.ok) return proved;
  const at = now();
  const row = await db.twoStep.findFirst({ where: { userId: proof.userId, enabledAt: { not: null } }, select: { secretEncrypted: true } });
  if (!row) return { ok: false, code: "unexpected" };
  const used = await spendCodeOutsideSignIn(proof.userId, row.secretEncrypted, proof.code, at);
  if (!used) return { ok: false, code: "invalidTwoStepCode", field: "code" };
  await db.$transaction((tx) => turnOffTwoStep(tx, proof.userId, proof.client, "owner"));
  return { ok: true };
}

/** An app code (its step spent like a sign-in's) or a recovery code (used up), for a form that is not a sign-in. */
async function spendCodeOutsideSignIn(userId: string, sealed: string, code: string, at: Date): Promise<boolean> {
  const digest = digestRecoveryCode(code);
  if (digest) {
    const used = await db.recoveryCode.updateMany({ where: { userId, codeHash: digest, usedAt: null }, data: { usedAt: at } });
    return used.count === 1;
  }
  const secret = openSecret(sealed)?.plain;
  const step = secret ? await matchTotp(secret, code.trim(), at) : null;
  if (step === null) return false;
  const spent = await db.$executeRaw`
    UPDATE two_steps SET last_step = ${BigInt(step)} WHERE user_id = ${userId}::uuid AND (last_step IS NULL OR last_step < ${BigInt(step)})`;
  return spent === 1;
}

/**
 * Two-step verification off for this user, inside the caller's transaction:
 * the secret, the recovery codes and any waiting sign-in go, no browser
 * skips the code any more, and the owner is told (journal and email). The
 * owner's "Désactiver" calls it after password and code; a
 * lost-authenticator request that took effect (cause "recovery",
 * lib/auth/lost-mailbox.ts) calls it in the transaction that claimed it.
 * False when it was not on.
 */
export async function turnOffTwoStep(
  tx: Tx,
  userId: string,
  client: ClientInfo | undefined,
  cause: "owner" | "recovery",
): Promise<boolean> {
  const removed = await tx.twoStep.deleteMany({ where: { userId } });
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.twoStepChallenge.deleteMany({ where: { userId } });
  await forgetTwoStepSkips(tx, userId);
  if (removed.count === 0) return false;
  if (cause === "owner") await announce(tx, userId, "two_step.disabled", "disabled", client);
  else await announce(tx, userId, "two_step.disabled_by_recovery", "disabledByRecovery", client);
  return true;
}

/** "Ce n'était pas moi": two-step turned on since `since` (by the intruder, as far as anyone can tell) is turned off; 1 when it was. */
export async function turnOffRecentTwoStep(tx: Tx, userId: string, since: Date): Promise<number> {
  const recent = await tx.twoStep.findFirst({ where: { userId, enabledAt: { gte: since } }, select: { userId: true } });
  return recent && (await turnOffTwoStep(tx, userId, undefined, "owner")) ? 1 : 0;
}

async function announce(
  tx: Tx,
  userId: string,
  event: SecurityEventType,
  change: TemplateProps<"two-step-notice">["change"],
  client: ClientInfo | undefined,
): Promise<void> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, pseudo: true, locale: true } });
  await recordSecurityEvent(tx, event, userId, client);
  await queueEmail(tx, {
    template: "two-step-notice",
    to: user.email,
    locale: localeOr(user.locale),
    props: { pseudo: user.pseudo, change, at: now().toISOString(), url: appLink(emailLinkRoutes.reset.requestPage) },
    helpAnchor: "validation-en-deux-etapes",
  });
}
