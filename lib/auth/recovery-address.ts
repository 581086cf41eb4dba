import "server-only";
import { db, Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/request/client-info";
import { localeOr } from "@/lib/i18n/config";
import { emailLinkRoutes } from "@/lib/flows";
import { appLink, queueEmail } from "@/lib/mail";
import type { ErrorCode } from "@/lib/validation/errors";
import { defineEmailLink } from "./email-link";
import { reauthenticate } from "./reauthenticate";
import { recordSecurityEvent } from "./security-events";
import { consumeAddressToken, findTokenUser, issueToken, retireTokens } from "./tokens";

// "Adresse de secours" on /compte: a second address of the owner's, for the
// day the main one is lost. Adding it takes the current password (checked
// like a sign-in, counting towards the lockout); it is used only once the
// link sent to it is pressed. A confirmed recovery address gets a copy of
// every security notice (lib/mail: `securityNoticeTemplates`, one place for
// every sender) and can be typed on /mot-de-passe-oublie and
// /deverrouillage, whose link then goes to the address typed.
// Owns: the recovery_addresses table, recovery_address tokens
// (tokens.new_email) and their link (`recoveryAddressLink`, route in
// lib/flows.ts).

type Tx = Prisma.TransactionClient;

export type RecoveryAddress = { email: string; confirmed: boolean };

/** The account's recovery address and whether it is confirmed, for /compte. */
export async function recoveryAddressOf(userId: string): Promise<RecoveryAddress | null> {
  const row = await db.recoveryAddress.findUnique({ where: { userId }, select: { email: true, confirmedAt: true } });
  return row ? { email: row.email, confirmed: row.confirmedAt !== null } : null;
}

export type SetRecoveryAddressResult = { ok: true; sent: boolean } | { ok: false; field?: "password" | "recoveryEmail"; code: ErrorCode };

/**
 * "Enregistrer": the address replaces any earlier one (a pending one's link
 * stops working) and waits for its link. The account's own address is
 * refused, and so is an address another account signs in with or already
 * keeps as its recovery address: an address typed on the request pages must
 * name one account. Saving the confirmed address again changes nothing.
 */
export async function setRecoveryAddress(
  args: { userId: string; password: string; recoveryEmail: string },
  client: ClientInfo,
  deviceToken?: string,
): Promise<SetRecoveryAddressResult> {
  const proof = await reauthenticate(args.userId, args.password, client, {
    deviceToken,
    limits: [
      ["emailIp", client.ip],
      ["emailAddress", args.recoveryEmail],
      ["emailChange", args.userId],
    ],
  });
  if (!proof.ok) return { ok: false, field: proof.wrongPassword ? "password" : undefined, code: proof.code };
  const { user } = proof;
  if (args.recoveryEmail === user.email) return { ok: false, field: "recoveryEmail", code: "recoveryEmailSame" };
  const current = await recoveryAddressOf(user.id);
  if (current?.email === args.recoveryEmail && current.confirmed) return { ok: true, sent: false };
  if ((await db.user.count({ where: { email: args.recoveryEmail } })) > 0) return { ok: false, field: "recoveryEmail", code: "emailTaken" };

  try {
    await db.$transaction(async (tx) => {
      const at = now();
      // Before the upsert: the confirmed address this one replaces gets its copy of the notice too.
      await queueRecoveryAddressNotice(tx, user, "added", args.recoveryEmail);
      await tx.recoveryAddress.upsert({
        where: { userId: user.id },
        create: { userId: user.id, email: args.recoveryEmail, createdAt: at },
        update: { email: args.recoveryEmail, confirmedAt: null, createdAt: at },
      });
      // Issuing retires the link sent to an earlier pending address.
      const raw = await issueToken(tx, user.id, "recovery_address", { newEmail: args.recoveryEmail });
      await queueEmail(tx, {
        template: "confirm-recovery-address",
        to: args.recoveryEmail,
        locale: localeOr(user.locale),
        props: { pseudo: user.pseudo, url: recoveryAddressLink.url(raw), hours: env().CONFIRM_TOKEN_TTL_HOURS },
      });
      await recordSecurityEvent(tx, "recovery_address.added", user.id, client);
    });
  } catch (error) {
    // Another account saved the same address meanwhile: the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, field: "recoveryEmail", code: "emailTaken" };
    }
    throw error;
  }
  return { ok: true, sent: true };
}

/** "Supprimer": the address stops getting notices and stops working on the request pages at once; a pending link dies with it. */
export async function removeRecoveryAddress(userId: string, client: ClientInfo): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const address = await tx.recoveryAddress.findUnique({ where: { userId }, select: { email: true } });
    if (!address) return false;
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, pseudo: true, locale: true } });
    // Before the deletion: a confirmed address hears that it was removed, as the account's own does.
    await queueRecoveryAddressNotice(tx, user, "removed", address.email);
    const { count } = await tx.recoveryAddress.deleteMany({ where: { userId, email: address.email } });
    await retireTokens(tx, userId, "recovery_address");
    if (count === 1) await recordSecurityEvent(tx, "recovery_address.removed", userId, client);
    return count === 1;
  });
}

/** "Ce n'était pas moi" (lib/auth/not-me.ts): a recovery address saved since `since` may be the intruder's, and it could reset the password. */
export async function removeRecentRecoveryAddress(tx: Tx, userId: string, since: Date): Promise<number> {
  const { count } = await tx.recoveryAddress.deleteMany({ where: { userId, createdAt: { gte: since } } });
  if (count > 0) await retireTokens(tx, userId, "recovery_address");
  return count;
}

/** A recovery address was saved or removed: a security notice (lib/mail copies it to a confirmed recovery address). */
function queueRecoveryAddressNotice(
  tx: Tx,
  user: { email: string; pseudo: string; locale: string },
  change: "added" | "removed",
  recoveryEmail: string,
) {
  return queueEmail(tx, {
    template: "recovery-address-notice",
    to: user.email,
    locale: localeOr(user.locale),
    props: { pseudo: user.pseudo, change, recoveryEmail, url: appLink(emailLinkRoutes.reset.requestPage) },
    helpAnchor: "mot-de-passe-oublie",
  });
}

/** Whether the link's button would confirm, without using it up (mail scanners fetch its page too). */
export async function isLiveRecoveryAddressLink(raw: unknown): Promise<boolean> {
  return (await findTokenUser(db, raw, "recovery_address")) !== null;
}

/**
 * The link's button. The token names the address it was sent to: if the
 * owner has since saved another one or removed it, the address it names is
 * no longer pending and nothing is confirmed. Of two racing presses, the
 * token's single use lets one act.
 */
export async function confirmRecoveryAddressByToken(raw: unknown, client?: ClientInfo): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const token = await consumeAddressToken(tx, raw, "recovery_address");
    if (!token) return false;
    const { count } = await tx.recoveryAddress.updateMany({
      where: { userId: token.userId, email: token.newEmail, confirmedAt: null },
      data: { confirmedAt: now() },
    });
    if (count !== 1) return false;
    await recordSecurityEvent(tx, "recovery_address.confirmed", token.userId, client);
    return true;
  });
}

/** The emailed link (lib/auth/email-link.ts): one button confirms the address. */
export const recoveryAddressLink = defineEmailLink("recoveryAddress", {
  title: "link.recoveryAddressTitle",
  check: async (raw) => ((await isLiveRecoveryAddressLink(raw)) ? "live" : "refused"),
  button: {
    intro: "link.recoveryAddressIntro",
    submit: "link.recoveryAddressSubmit",
    consume: async (raw, client) =>
      (await confirmRecoveryAddressByToken(raw, client)) ? "/connexion?notice=recoveryAddressConfirmed" : "refused",
  },
});

/** Every address a user gave as a recovery address, pending ones included (erasure removes the emails sent there). */
export async function recoveryAddressesOf(tx: Tx, userId: string): Promise<string[]> {
  const row = await tx.recoveryAddress.findUnique({ where: { userId }, select: { email: true } });
  return row ? [row.email] : [];
}

/** Whether `email` is another account's recovery address: an address typed on the request pages must name one account. */
export async function isOthersRecoveryAddress(email: string, userId: string): Promise<boolean> {
  return (await db.recoveryAddress.count({ where: { email, NOT: { userId } } })) > 0;
}

/**
 * The account's main address became `email` (an email change, a recovery):
 * a recovery address equal to it would add nothing, and the section would
 * show the main address twice. Its pending link dies with it.
 */
export async function dropRecoveryAddressNowMain(tx: Tx, userId: string, email: string): Promise<void> {
  const { count } = await tx.recoveryAddress.deleteMany({ where: { userId, email } });
  if (count > 0) await retireTokens(tx, userId, "recovery_address");
}
