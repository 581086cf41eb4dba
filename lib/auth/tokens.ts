import "server-only";
import { db, Prisma } from "@/lib/db";
import { gatedWrite, type GatedWrite } from "@/lib/db/gated-write";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import type { TokenPurpose } from "@/lib/db/generated/enums";
import { emailLinkRoutes, flowOfPurpose } from "@/lib/flows";
import { digestSecret, newSecret } from "./secrets";

// The only place a token is made or checked. The raw value (256 random bits,
// base64url) goes into the email; only its SHA-256 digest is stored. Each
// token has one purpose, one user and an expiry, and is consumed by a single
// conditional UPDATE, so two concurrent clicks cannot both succeed.
// Owns: the tokens table. Each purpose and its lifetime's setting are
// declared with its flow (lib/flows.ts).

export type { TokenPurpose };
type Tx = Prisma.TransactionClient;

// A recovery request's cancel link is one per notice: a later one (a new request's) must not void it.
const NEVER_SUPERSEDED: ReadonlySet<TokenPurpose> = new Set(["not_me", "passkey_not_me", "recovery_cancel"]);

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/** How long a token of a purpose lives: its flow's declared setting (lib/flows.ts). */
export function tokenLifetimeMs(purpose: TokenPurpose): number {
  const { setting, unit } = emailLinkRoutes[flowOfPurpose(purpose)].lifetime;
  return env()[setting] * UNIT_MS[unit];
}

/** Malformed values are refused before any query. */
export function isWellFormedToken(raw: unknown): raw is string {
  return typeof raw === "string" && TOKEN_PATTERN.test(raw);
}

/** A token that no later one supersedes (a not_me link): a row to insert, as data, and the raw value for the email. */
export type StandaloneToken = { raw: string; purpose: TokenPurpose; tokenHash: string; expiresAt: Date; createdAt: Date };

/**
 * A not_me token for a statement that writes it alongside other rows (the
 * sign-in that the link reports, lib/auth/sign-in-store.ts): nothing to
 * retire first, so it needs no statement of its own.
 */
export function standaloneToken(purpose: "not_me", at: Date): StandaloneToken {
  const raw = newSecret();
  return { raw, purpose, tokenHash: digestSecret(raw), expiresAt: new Date(at.getTime() + tokenLifetimeMs(purpose)), createdAt: at };
}

/** That token's row, as a gated statement's fragment (lib/db/gated-write.ts): it exists only if the gate passes. */
export function standaloneTokenWrite(token: StandaloneToken): GatedWrite {
  return gatedWrite(Prisma.sql`
    INSERT INTO tokens (id, user_id, purpose, token_hash, expires_at, created_at)
    SELECT gen_random_uuid(), user_id, ${token.purpose}::"TokenPurpose", ${token.tokenHash}, ${token.expiresAt}::timestamp,
           ${token.createdAt}::timestamp
    FROM gate`);
}

/**
 * Issues a new token and retires every unused one of the same purpose for
 * this user: a new request supersedes older links (not_me links excepted).
 * Returns the raw value.
 */
export async function issueToken(
  tx: Tx,
  userId: string,
  purpose: TokenPurpose,
  subject: { newEmail?: string; passkeyId?: string } = {},
): Promise<string> {
  const at = now();
  // Each new-device alert reports its own sign-in: a later one must not void an earlier one's link.
  if (!NEVER_SUPERSEDED.has(purpose)) await tx.token.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: at } });
  const raw = newSecret();
  await tx.token.create({
    data: {
      userId,
      purpose,
      tokenHash: digestSecret(raw),
      newEmail: subject.newEmail ?? null,
      passkeyId: subject.passkeyId ?? null,
      expiresAt: new Date(at.getTime() + tokenLifetimeMs(purpose)),
      createdAt: at,
    },
  });
  return raw;
}

/** The user a live token belongs to, without using it up (a page that only shows a form). */
export async function findTokenUser(tx: Tx, raw: unknown, purpose: TokenPurpose): Promise<string | null> {
  if (!isWellFormedToken(raw)) return null;
  const token = await tx.token.findUnique({ where: { tokenHash: digestSecret(raw) } });
  if (!token || token.purpose !== purpose || token.usedAt || token.expiresAt <= now()) return null;
  return token.userId;
}

/**
 * Uses a token up and returns its user, or null when it is unknown, expired,
 * already used or of another purpose. The conditional update is atomic: of
 * two concurrent calls with the same token, exactly one gets the user.
 */
export async function consumeToken(tx: Tx, raw: unknown, purpose: TokenPurpose): Promise<string | null> {
  if (!isWellFormedToken(raw)) return null;
  const at = now();
  const tokenHash = digestSecret(raw);
  const used = await tx.token.updateMany({
    where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: at } },
    data: { usedAt: at },
  });
  if (used.count !== 1) return null;
  const token = await tx.token.findUniqueOrThrow({ where: { tokenHash }, select: { userId: true } });
  return token.userId;
}

/** Uses up an email-change token; returns its user and the address it confirms. */
export async function consumeEmailChangeToken(tx: Tx, raw: unknown): Promise<{ userId: string; newEmail: string } | null> {
  const userId = await consumeToken(tx, raw, "email_change");
  if (!userId) return null;
  const token = await tx.token.findUniqueOrThrow({ where: { tokenHash: digestSecret(raw as string) }, select: { newEmail: true } });
  return token.newEmail ? { userId, newEmail: token.newEmail } : null;
}

/** Uses up a token that names an address (a recovery address to confirm); returns its user and that address. */
export async function consumeAddressToken(
  tx: Tx,
  raw: unknown,
  purpose: "recovery_address" | "recovery_request",
): Promise<{ userId: string; newEmail: string } | null> {
  const userId = await consumeToken(tx, raw, purpose);
  if (!userId) return null;
  const token = await tx.token.findUniqueOrThrow({ where: { tokenHash: digestSecret(raw as string) }, select: { newEmail: true } });
  return token.newEmail ? { userId, newEmail: token.newEmail } : null;
}

/** Uses up a passkey_not_me token; returns its user and the passkey it names. */
export async function consumePasskeyNotMeToken(tx: Tx, raw: unknown): Promise<{ userId: string; passkeyId: string | null } | null> {
  const userId = await consumeToken(tx, raw, "passkey_not_me");
  if (!userId) return null;
  const token = await tx.token.findUniqueOrThrow({ where: { tokenHash: digestSecret(raw as string) }, select: { passkeyId: true } });
  return { userId, passkeyId: token.passkeyId };
}

/** A link that was used up or refused, as its page explains it ("already confirmed" rather than "invalid"). */
export async function spentToken(raw: unknown): Promise<{ purpose: TokenPurpose; used: boolean; userConfirmed: boolean } | null> {
  if (!isWellFormedToken(raw)) return null;
  const token = await db.token.findUnique({
    where: { tokenHash: digestSecret(raw) },
    select: { purpose: true, usedAt: true, user: { select: { emailVerified: true } } },
  });
  return token ? { purpose: token.purpose, used: token.usedAt !== null, userConfirmed: token.user.emailVerified !== null } : null;
}

/** A user's live links, soonest to expire first (the support console lists their purposes, never their values). */
export function liveTokensOf(userId: string): Promise<{ id: string; purpose: TokenPurpose; expiresAt: Date }[]> {
  return db.token.findMany({
    where: { userId, usedAt: null, expiresAt: { gt: now() } },
    orderBy: { expiresAt: "asc" },
    select: { id: true, purpose: true, expiresAt: true },
  });
}

/** Retires every unused live token of a purpose (a password reset retires older reset links); returns how many. */
export async function retireTokens(tx: Tx, userId: string, purpose: TokenPurpose): Promise<number> {
  const at = now();
  const { count } = await tx.token.updateMany({ where: { userId, purpose, usedAt: null, expiresAt: { gt: at } }, data: { usedAt: at } });
  return count;
}

/** The addresses a user's email-change and recovery-address links named (erasure removes the emails sent to them, lib/privacy/erasure.ts). */
export async function addressesAskedFor(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx.token.findMany({
    where: { userId, purpose: { in: ["email_change", "recovery_address", "recovery_request"] }, newEmail: { not: null } },
    select: { newEmail: true },
  });
  return [...new Set(rows.flatMap((row) => (row.newEmail ? [row.newEmail] : [])))];
}
