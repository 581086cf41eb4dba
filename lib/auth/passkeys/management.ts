import "server-only";
import { db, type Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import type { ClientInfo } from "@/lib/request/client-info";
import { localeOr } from "@/lib/i18n/config";
import { appLink, queueEmail } from "@/lib/mail";
import { allowAttempt } from "@/lib/rate-limit";
import { recordSecurityEvent } from "../security-events";

// The list on /compte: names, renaming, "Supprimer", and the email that
// tells the owner of every addition and removal.

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

/**
 * "Ce n'était pas moi" (lib/auth/not-me.ts): removes the passkeys added since
 * `since` and the one a passkey-added email's link names, and the
 * registrations in progress (a thief's challenge must not finish after the
 * sweep). Returns how many passkeys went.
 */
export async function removeRecentPasskeys(
  tx: Prisma.TransactionClient,
  userId: string,
  since: Date,
  passkeyId: string | null = null,
): Promise<number> {
  await tx.passkeyChallenge.deleteMany({ where: { userId, ceremony: "registration" } });
  const removed = await tx.passkey.deleteMany({
    where: { userId, OR: [{ createdAt: { gte: since } }, ...(passkeyId ? [{ id: passkeyId }] : [])] },
  });
  return removed.count;
}

/**
 * Tells the owner a passkey was added or removed (someone who had the password
 * could otherwise add a way in unseen); an addition carries its own "Ce
 * n'était pas moi" link (`notMeUrl`).
 */
export async function queuePasskeyNotice(
  tx: Prisma.TransactionClient,
  user: { email: string; pseudo: string; locale: string },
  change: "added" | "removed",
  name: string | null,
  notMeUrl: string | null = null,
): Promise<void> {
  await queueEmail(tx, {
    template: "passkey-notice",
    to: user.email,
    locale: localeOr(user.locale),
    props: { pseudo: user.pseudo, change, name, at: now().toISOString(), url: appLink("/compte#passkeys"), notMeUrl },
    helpAnchor: "cle-d-acces",
  });
}
