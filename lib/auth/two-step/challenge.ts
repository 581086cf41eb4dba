import "server-only";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { localeOr } from "@/lib/i18n/config";
import { appLink, queueEmail } from "@/lib/mail";
import { emailLinkRoutes } from "@/lib/flows";
import type { ClientInfo } from "@/lib/request/client-info";
import type { AppCookie } from "@/lib/request/cookies";
import { signedCookie } from "@/lib/request/signed-cookie";
import { digestSecret, newSecret } from "../secrets";
import { recordSecurityEvent } from "../security-events";
import { digestRecoveryCode } from "./recovery-codes";
import { openSecret, sealSecret } from "./secret-box";
import { matchTotp } from "./totp";

// The sign-in's second step (authenticate.ts runs it): a right password of
// a two-step account opens a challenge instead of a session; the browser
// holds its raw handle in the signed "two-step" cookie, the
// two_step_challenges row its digest, for CHALLENGE_MINUTES. The code that
// is accepted deletes the row in the statement that accepts it.
// Shares the tables of lib/auth/two-step.ts (two_steps, recovery_codes,
// two_step_challenges); setting TWO_FACTOR_REMEMBER_DAYS.

/** A right password waits this long for its code: long enough to open the app, short enough that a stolen handle goes stale. */
export const CHALLENGE_MINUTES = 10;
/** "Quelqu'un connaît votre mot de passe Sésame" goes out at most this often. */
const PASSWORD_KNOWN_EVERY_MS = 3_600_000;

const challengeCookie = signedCookie("two-step", "sesame.two-step", CHALLENGE_MINUTES * 60);
export const TWO_STEP_COOKIE = challengeCookie.name;

export function twoStepSettings() {
  return { rememberDays: env().TWO_FACTOR_REMEMBER_DAYS, challengeMinutes: CHALLENGE_MINUTES };
}

/** Until when "Ne plus demander sur ce navigateur" spares this browser the code. */
export function rememberUntil(at: Date = now()): Date {
  return new Date(at.getTime() + twoStepSettings().rememberDays * 86_400_000);
}

/** A right password of a two-step account: the handle its browser keeps (a signed cookie) and that the code must come with. */
export async function openChallenge(userId: string, deviceId: string | null): Promise<AppCookie> {
  const raw = newSecret();
  const at = now();
  await db.twoStepChallenge.create({
    data: {
      userId,
      deviceId,
      handleHash: digestSecret(raw),
      expiresAt: new Date(at.getTime() + CHALLENGE_MINUTES * 60_000),
      createdAt: at,
    },
  });
  return challengeCookie.issue(raw);
}

/** The handle the current request's cookie carries, when its signature and expiry hold. */
export async function requestChallengeHandle(): Promise<string | undefined> {
  return challengeCookie.read();
}

export type Challenge = { id: string; userId: string; deviceId: string | null; handleHash: string };

/** The waiting sign-in a handle names, while it lives. */
export async function findChallenge(handle: string | undefined): Promise<Challenge | null> {
  if (!handle || !/^[A-Za-z0-9_-]{43}$/.test(handle)) return null;
  return db.twoStepChallenge.findFirst({
    where: { handleHash: digestSecret(handle), expiresAt: { gt: now() } },
    select: { id: true, userId: true, deviceId: true, handleHash: true },
  });
}

export type SecondStepProof = { kind: "app"; code: string } | { kind: "recovery"; code: string };

/**
 * The code of a waiting sign-in, accepted at most once: an app code's time
 * step must come after the last one accepted, a recovery code must be
 * unused, and the handle is deleted by the same statement. Two parallel
 * posts of one code (or one handle) race for one row: exactly one wins.
 * A handle whose code is refused stays, for the next try.
 */
export async function consumeChallenge(challenge: Challenge, proof: SecondStepProof, at: Date = now()): Promise<"accepted" | "refused"> {
  if (proof.kind === "recovery") {
    const digest = digestRecoveryCode(proof.code);
    if (!digest) return "refused";
    const rows = await db.$queryRaw<{ user_id: string }[]>`
      WITH c AS (
        DELETE FROM two_step_challenges ch
        WHERE ch.handle_hash = ${challenge.handleHash} AND ch.expires_at > ${at}::timestamp
          AND EXISTS (SELECT 1 FROM recovery_codes r WHERE r.user_id = ch.user_id AND r.code_hash = ${digest} AND r.used_at IS NULL)
        RETURNING ch.user_id),
      used AS (
        UPDATE recovery_codes r SET used_at = ${at}::timestamp FROM c
        WHERE r.user_id = c.user_id AND r.code_hash = ${digest} AND r.used_at IS NULL
        RETURNING r.user_id)
      SELECT user_id FROM used`;
    return rows.length === 1 ? "accepted" : "refused";
  }
  const row = await db.twoStep.findFirst({
    where: { userId: challenge.userId, enabledAt: { not: null } },
    select: { secretEncrypted: true },
  });
  const opened = row ? openSecret(row.secretEncrypted) : null;
  if (!opened) return "refused";
  const found = await matchTotp(opened.plain, proof.code.trim(), at);
  if (found === null) return "refused";
  const step = BigInt(found);
  // A secret sealed under AUTH_SECRET_PREVIOUS is sealed again under the current key with its first accepted code.
  const resealed = opened.stale ? sealSecret(opened.plain) : null;
  const rows = await db.$queryRaw<{ user_id: string }[]>`
    WITH c AS (
      DELETE FROM two_step_challenges ch
      WHERE ch.handle_hash = ${challenge.handleHash} AND ch.expires_at > ${at}::timestamp
        AND EXISTS (SELECT 1 FROM two_steps t WHERE t.user_id = ch.user_id AND t.enabled_at IS NOT NULL
                    AND (t.last_step IS NULL OR t.last_step < ${step}))
      RETURNING ch.user_id),
    spent AS (
      UPDATE two_steps t SET last_step = ${step}, secret_encrypted = COALESCE(${resealed}, t.secret_encrypted) FROM c
      WHERE t.user_id = c.user_id AND (t.last_step IS NULL OR t.last_step < ${step})
      RETURNING t.user_id)
    SELECT user_id FROM spent`;
  return rows.length === 1 ? "accepted" : "refused";
}

/**
 * A wrong code after a right password from a browser the account does not
 * know: the owner hears that their password is known, at most once an hour
 * (a conditional UPDATE decides, so parallel wrong codes send one email).
 */
export async function warnPasswordKnown(userId: string, client: ClientInfo): Promise<boolean> {
  const at = now();
  const since = new Date(at.getTime() - PASSWORD_KNOWN_EVERY_MS);
  return db.$transaction(async (tx) => {
    const marked = await tx.twoStep.updateMany({
      where: { userId, enabledAt: { not: null }, OR: [{ passwordKnownNoticeAt: null }, { passwordKnownNoticeAt: { lte: since } }] },
      data: { passwordKnownNoticeAt: at },
    });
    if (marked.count !== 1) return false;
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, pseudo: true, locale: true } });
    await queueEmail(tx, {
      template: "password-known",
      to: user.email,
      locale: localeOr(user.locale),
      props: { pseudo: user.pseudo, at: at.toISOString(), ip: client.ip, url: appLink(emailLinkRoutes.reset.requestPage) },
      helpAnchor: "validation-en-deux-etapes",
    });
    return true;
  });
}

/** A recovery code opened a session: journaled, so the owner sees it beside the sign-in. */
export async function journalRecoveryCodeUse(userId: string, client: ClientInfo): Promise<void> {
  await recordSecurityEvent(db, "two_step.recovery_code_used", userId, client);
}
