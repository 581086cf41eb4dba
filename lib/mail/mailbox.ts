import "server-only";
import { db } from "@/lib/db";
import type { OutboxEmail } from "@/lib/db/generated/client";
import { isTemplateName, renderEmail, type TemplateProps } from "@/emails";

// Reads the outbox for the development mailbox (/dev/mailbox and
// /api/dev/mailbox). Callers check devMailboxEnabled() first.

export type MailboxEntry = {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  links: string[];
  status: string;
  createdAt: string;
};

/** Absolute http(s) links of an email's HTML, in order, without duplicates. */
export function extractLinks(html: string): string[] {
  const links = new Set<string>();
  for (const match of html.matchAll(/href="(https?:\/\/[^"]+)"/g)) {
    links.add(match[1]!.replaceAll("&amp;", "&"));
  }
  return [...links];
}

/**
 * An outbox row's content as its recipient reads it, rendered from its
 * props; empty once the props are gone (a final email under the Resend
 * transport keeps none, see outbox.ts).
 */
export async function renderedContent(
  row: Pick<OutboxEmail, "template" | "props" | "html" | "text">,
): Promise<{ html: string; text: string }> {
  if (row.props && isTemplateName(row.template)) return renderEmail(row.template, row.props as TemplateProps<typeof row.template>);
  return { html: row.html ?? "", text: row.text ?? "" };
}

async function toEntry(row: OutboxEmail): Promise<MailboxEntry> {
  const { html, text } = await renderedContent(row);
  return {
    id: row.id,
    to: row.to,
    subject: row.subject,
    html,
    text,
    links: extractLinks(html),
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listMailbox(options: { to?: string; limit?: number } = {}): Promise<MailboxEntry[]> {
  const rows = await db.outboxEmail.findMany({
    where: options.to ? { to: options.to.trim().toLowerCase() } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(options.limit ?? 200, 500),
  });
  return Promise.all(rows.map(toEntry));
}

export async function findMailboxEntry(id: string): Promise<MailboxEntry | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const row = await db.outboxEmail.findUnique({ where: { id } });
  return row ? toEntry(row) : undefined;
}
