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
  // The row is visible only once the caller commits; the deliverer looks
  // again on its next tick, and this wake-up shortens the wait.
  wakeDeliverer();
  return row.id;
}

/** The email as a gated statement's fragment (lib/db/gated-write.ts): queued only if the gate passes. */
export function outboxWrite(row: OutboxRow, at: Date): GatedWrite {
  return gatedWrite(Prisma.sql`
    INSERT INTO outbox_emails (id, "to", template, locale, subject, props, next_attempt_at, created_at)
    SELECT ${row.id}::uuid, ${row.to}, ${row.template}, ${row.locale}, ${row.subject}, ${JSON.stringify(row.props)}::jsonb,
           ${row.nextAttemptAt}::timestamp, ${at}::timestamp
    FROM gate`);
}

export { wakeDeliverer };

/** An absolute link into the app, for emails. Never built from the request's Host. */
export function appLink(path: string): string {
  return `${appUrl()}${path}`;
}
