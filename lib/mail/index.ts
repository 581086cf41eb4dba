import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/lib/db";
import { gatedWrite, type GatedWrite } from "@/lib/db/gated-write";
import { now } from "@/lib/clock";
import { appUrl } from "@/lib/env";
import type { Locale } from "@/lib/i18n/config";
import { subjectOf, type TemplateName, type TemplateProps } from "@/emails";
import { wakeDeliverer } from "./outbox";

// The one way to send an email: write it to the outbox inside the caller's
// transaction (queueEmail), or inside the caller's single statement
// (outboxWrite, then wakeDeliverer once it commits). If the transaction rolls back, the email never existed; if it
// commits, the deliverer renders and sends it, retrying until it goes
// through. Only the subject is made here: rendering, the costly part, is the
// deliverer's, off the request.

type Tx = Prisma.TransactionClient;

/**
 * The security notices: an account's confirmed recovery address
 * (lib/auth/recovery-address.ts) gets a copy of each, whoever queues it, so a
 * new sender of a notice needs only its template listed here. A request's
 * answer (queued with its `id`: the reset or unlock link asked for on a
 * form) is not a notice: its link goes to the address typed, and to it alone.
 */
export const securityNoticeTemplates: ReadonlySet<TemplateName> = new Set<TemplateName>([
  "new-device-alert",
  "password-changed",
  "email-change-notice",
  "unlock-account",
  "passkey-notice",
  "support-unlocked",
  "support-signed-out",
  "account-deletion",
  "recovery-address-notice",
  "recovery-request-notice",
  "recovery-applied",
  "two-step-notice",
]);

/** The confirmed recovery address of the account whose address is `to`, if any (read here: lib/mail comes before lib/auth). */
async function recoveryCopyAddress(tx: Tx, to: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ email: string }[]>`
    SELECT r.email FROM recovery_addresses r JOIN users u ON u.id = r.user_id
    WHERE u.email = ${to} AND r.confirmed_at IS NOT NULL`;
  return rows[0]?.email ?? null;
}

type QueueArgs<N extends TemplateName> = {
  template: N;
  to: string;
  locale: Locale;
  props: Omit<TemplateProps<N>, "locale" | "helpUrl">;
  /** Section of the help page the footer links to. */
  helpAnchor?: string;
  /** The row's id when the caller chose it beforehand (a request whose answer already names its email). */
  id?: string;
};

/** An outbox row as data: what queueEmail writes, or what a caller's own single statement writes (then it calls wakeDeliverer). */
export type OutboxRow = {
  id: string;
  to: string;
  template: TemplateName;
  locale: Locale;
  subject: string;
  props: Prisma.InputJsonObject;
  nextAttemptAt: Date;
};

export function outboxRow<N extends TemplateName>(args: QueueArgs<N>): OutboxRow {
  const helpUrl = `${appUrl()}/aide${args.helpAnchor ? `#${args.helpAnchor}` : ""}`;
  const props = { ...args.props, locale: args.locale, helpUrl } as TemplateProps<N>;
  return {
    id: args.id ?? randomUUID(),
    to: args.to,
    template: args.template,
    locale: args.locale,
    subject: subjectOf(args.template, props),
    props: props as Prisma.InputJsonObject,
    nextAttemptAt: now(),
  };
}

export async function queueEmail<N extends TemplateName>(tx: Tx, args: QueueArgs<N>): Promise<string> {
  const row = outboxRow(args);
  await tx.outboxEmail.create({ data: row, select: { id: true } });
  if (securityNoticeTemplates.has(args.template) && args.id === undefined) {
    const copyTo = await recoveryCopyAddress(tx, args.to);
    if (copyTo) await tx.outboxEmail.create({ data: { ...row, id: randomUUID(), to: copyTo }, select: { id: true } });
  }
  // The row is visible only once the caller commits; the deliverer looks
  // again on its next tick, and this wake-up shortens the wait.
  wakeDeliverer();
  return row.id;
}

/**
 * The email as a gated statement's fragment (lib/db/gated-write.ts): queued
 * only if the gate passes; a security notice also goes to the gate's account's
 * confirmed recovery address, in the same statement (see queueEmail).
 */
export function outboxWrite(row: OutboxRow, at: Date): GatedWrite {
  const values = Prisma.sql`${row.template}, ${row.locale}, ${row.subject}, ${JSON.stringify(row.props)}::jsonb,
           ${row.nextAttemptAt}::timestamp, ${at}::timestamp`;
  const copy = securityNoticeTemplates.has(row.template)
    ? Prisma.sql`
    UNION ALL
    SELECT gen_random_uuid(), r.email, ${values}
    FROM gate JOIN recovery_addresses r ON r.user_id = gate.user_id AND r.confirmed_at IS NOT NULL`
    : Prisma.empty;
  return gatedWrite(Prisma.sql`
    INSERT INTO outbox_emails (id, "to", template, locale, subject, props, next_attempt_at, created_at)
    SELECT ${row.id}::uuid, ${row.to}, ${values}
    FROM gate${copy}`);
}

export { wakeDeliverer };

/** An absolute link into the app, for emails. Never built from the request's Host. */
export function appLink(path: string): string {
  return `${appUrl()}${path}`;
}
