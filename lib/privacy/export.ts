import "server-only";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import type { ClientInfo } from "@/lib/request/client-info";
import { allowAttempt } from "@/lib/rate-limit";
import { passkeyLabel } from "@/lib/auth/passkeys/management";
import { recordSecurityEvent, supportEventTypes } from "@/lib/auth/security-events";

// "Télécharger mes données" (RGPD access and portability): everything Sésame
// keeps about an account, as one JSON document whose shape is versioned by
// `format` (docs/your-data.md describes it). It holds what the person can see
// about themselves and nothing that would open the account: no password
// hash, token or token digest, device cookie, passkey public key, challenge,
// two-step secret (sealed or not) or recovery code digest,
// link or email body. lib/privacy/export.test.ts scans a full export for them.

export const EXPORT_FORMAT = "sesame-export/1";

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** The export of an account, or null when it does not exist. */
export async function exportAccountData(userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      pseudo: true,
      email: true,
      emailVerified: true,
      locale: true,
      createdAt: true,
      passwordBreachedAt: true,
      deletionDueAt: true,
      recoveryAddress: { select: { email: true, confirmedAt: true, createdAt: true } },
      tokens: {
        where: { purpose: "email_change", usedAt: null, expiresAt: { gt: now() } },
        select: { newEmail: true, createdAt: true },
      },
      securityEvents: { orderBy: { createdAt: "asc" }, select: { type: true, ip: true, userAgent: true, reason: true, createdAt: true } },
      knownDevices: {
        orderBy: { createdAt: "asc" },
        select: { ip: true, userAgent: true, createdAt: true, lastUsedAt: true, twoStepSkipUntil: true },
      },
      passkeys: { orderBy: { createdAt: "asc" }, select: { name: true, aaguid: true, backedUp: true, createdAt: true, lastUsedAt: true } },
      // Whether it is on and since when, and how many recovery codes remain: never the secret nor a code's digest.
      twoStep: { select: { enabledAt: true } },
      recoveryCodes: { select: { usedAt: true } },
      sessions: {
        where: { expires: { gt: now() } },
        orderBy: { createdAt: "asc" },
        select: { ip: true, userAgent: true, createdAt: true, lastSeenAt: true, expires: true },
      },
    },
  });
  if (!user) return null;
  const [emails, contactRequests] = await Promise.all([
    db.outboxEmail.findMany({
      // The notices copied to the recovery address are this account's emails too.
      where: { to: { in: [user.email, ...(user.recoveryAddress ? [user.recoveryAddress.email] : [])] } },
      orderBy: { createdAt: "asc" },
      select: { subject: true, createdAt: true, sentAt: true, delivery: true, deliveryAt: true },
    }),
    db.contactRequest.findMany({
      where: { OR: [{ userId }, { email: user.email }] },
      orderBy: { createdAt: "asc" },
      select: { email: true, subject: true, message: true, status: true, createdAt: true, handledAt: true },
    }),
  ]);
  const isSupport = (type: string) => (supportEventTypes as readonly string[]).includes(type);
  return {
    format: EXPORT_FORMAT,
    exportedAt: now().toISOString(),
    account: {
      pseudo: user.pseudo,
      language: user.locale,
      createdAt: iso(user.createdAt),
      emailConfirmedAt: iso(user.emailVerified),
      passwordFoundInBreachAt: iso(user.passwordBreachedAt),
      deletionScheduledFor: iso(user.deletionDueAt),
    },
    addresses: [
      { address: user.email, role: "primary", confirmedAt: iso(user.emailVerified) },
      ...(user.recoveryAddress
        ? [
            {
              address: user.recoveryAddress.email,
              role: "recovery",
              addedAt: iso(user.recoveryAddress.createdAt),
              confirmedAt: iso(user.recoveryAddress.confirmedAt),
            },
          ]
        : []),
      ...user.tokens.flatMap((token) =>
        token.newEmail ? [{ address: token.newEmail, role: "pending change", requestedAt: iso(token.createdAt) }] : [],
      ),
    ],
    emailsSent: emails.map((email) => ({
      subject: email.subject,
      queuedAt: iso(email.createdAt),
      sentAt: iso(email.sentAt),
      state: email.delivery,
      stateAt: iso(email.deliveryAt),
    })),
    securityJournal: user.securityEvents
      .filter((event) => !isSupport(event.type))
      .map((event) => ({ type: event.type, at: iso(event.createdAt), ip: event.ip, browser: event.userAgent })),
    knownBrowsers: user.knownDevices.map((device) => ({
      browser: device.userAgent,
      ip: device.ip,
      firstSignInAt: iso(device.createdAt),
      lastUsedAt: iso(device.lastUsedAt),
      twoStepCodeSkippedUntil: iso(device.twoStepSkipUntil),
    })),
    twoStepVerification: {
      enabledAt: iso(user.twoStep?.enabledAt),
      recoveryCodesLeft: user.twoStep?.enabledAt ? user.recoveryCodes.filter((code) => code.usedAt === null).length : 0,
      recoveryCodesUsed: user.recoveryCodes.filter((code) => code.usedAt !== null).map((code) => iso(code.usedAt)),
    },
    passkeys: user.passkeys.map((passkey) => ({
      name: passkeyLabel(passkey),
      synced: passkey.backedUp,
      createdAt: iso(passkey.createdAt),
      lastUsedAt: iso(passkey.lastUsedAt),
    })),
    sessions: user.sessions.map((session) => ({
      browser: session.userAgent,
      ip: session.ip,
      openedAt: iso(session.createdAt),
      lastSeenAt: iso(session.lastSeenAt),
      expiresAt: iso(session.expires),
    })),
    contactRequests: contactRequests.map((request) => ({
      from: request.email,
      subject: request.subject,
      message: request.message,
      status: request.status,
      sentAt: iso(request.createdAt),
      handledAt: iso(request.handledAt),
    })),
    // What support did on this account and the reason it gave; agents are not named.
    supportActions: user.securityEvents
      .filter((event) => isSupport(event.type))
      .map((event) => ({ type: event.type, at: iso(event.createdAt), reason: event.reason })),
  };
}

export type AccountExport = NonNullable<Awaited<ReturnType<typeof exportAccountData>>>;

/** The download: the file's name and its JSON, "rateLimited" over RATE_LIMIT_DATA_EXPORT_PER_USER, null for no account. Journaled. */
export async function downloadAccountData(
  userId: string,
  client: ClientInfo,
): Promise<{ fileName: string; json: string } | "rateLimited" | null> {
  if (!(await allowAttempt("dataExport", userId))) return "rateLimited";
  await recordSecurityEvent(db, "data.exported", userId, client);
  const data = await exportAccountData(userId);
  if (!data) return null;
  const safeName =
    data.account.pseudo
      .normalize("NFKD")
      .replace(/[^A-Za-z0-9_-]+/g, "-")
      .replace(/^-+|-+$/g, "") || "compte";
  return { fileName: `sesame-donnees-${safeName}.json`, json: JSON.stringify(data, null, 2) };
}
