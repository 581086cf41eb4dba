import "server-only";
import { Resend } from "resend";
import * as z from "zod/mini";
import { now } from "@/lib/clock";
import { db, Prisma } from "@/lib/db";
import type { DeliveryState } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { log } from "@/lib/observability/log";
import { countEmailEvent } from "@/lib/observability/metrics";

// What became of an email after it left us (docs/email-delivery.md): the provider's events
// (Resend's webhook, or the development mailbox's stand-in) move an email's
// delivery state forward, never back, and a mailbox that refuses us for good
// or calls us spam goes on the suppression list.
// Owns: outbox_emails.delivery*, bounce_*; email_events; suppressed_addresses.

/**
 * How far along each state is. An event moves an email only to a state
 * further along: a late "delivered" never hides a bounce, a complaint or a
 * failure, and a "delayed" that arrives after "delivered" changes nothing.
 * A bounce may follow "delivered" (a receiving server can accept, then
 * return the email), and a complaint follows everything.
 */
const progress: Record<DeliveryState, number> = {
  queued: 0,
  sent: 1,
  delayed: 2,
  delivered: 3,
  bounced: 4,
  failed: 4,
  suppressed: 4,
  complained: 5,
};

/** Whether an email in state `current` takes state `next`. */
export function follows(current: DeliveryState, next: DeliveryState): boolean {
  return progress[next] > progress[current];
}

export type DeliveryEvent = {
  /** The event's own id (Resend's webhook id): applied once, whatever the replays. */
  eventId: string;
  type: "sent" | "delivered" | "delayed" | "bounced" | "complained" | "failed" | "suppressed";
  /** Which email: the provider's id, or ours (development mailbox). */
  email: { providerId: string } | { id: string };
  bounce?: { type?: string; subType?: string; message?: string };
};

export type EventOutcome = "applied" | "outOfOrder" | "duplicate" | "unknownEmail";

/** A bounce is hard unless the provider calls it transient: the address will not start working by itself. */
const isHardBounce = (bounce: DeliveryEvent["bounce"]) => !/^transient$/i.test(bounce?.type ?? "");

/** Applies one event, once: the event id, the state and the suppression are written together or not at all. */
export async function applyDeliveryEvent(event: DeliveryEvent): Promise<EventOutcome> {
  const outcome = await db.$transaction(async (tx): Promise<EventOutcome> => {
    const where =
      "providerId" in event.email ? Prisma.sql`provider_id = ${event.email.providerId}` : Prisma.sql`id = ${event.email.id}::uuid`;
    const [email] = await tx.$queryRaw<{ id: string; to: string; delivery: DeliveryState }[]>`
      SELECT id, "to", delivery FROM outbox_emails WHERE ${where} LIMIT 1 FOR UPDATE`;
    if (!email) return "unknownEmail";
    const recorded = await tx.$executeRaw`
      INSERT INTO email_events (id, email_id, type) VALUES (${event.eventId}, ${email.id}::uuid, ${event.type})
      ON CONFLICT (id) DO NOTHING`;
    if (recorded === 0) return "duplicate";
    if (event.type === "complained" || (event.type === "bounced" && isHardBounce(event.bounce))) {
      await tx.suppressedAddress.upsert({
        where: { email: email.to },
        create: { email: email.to, reason: event.type, detail: event.bounce?.message?.slice(0, 500) ?? null },
        update: {},
      });
    }
    if (!follows(email.delivery, event.type)) return "outOfOrder";
    await tx.outboxEmail.update({
      where: { id: email.id },
      data: {
        delivery: event.type,
        deliveryAt: now(),
        ...(event.type === "bounced"
          ? {
              bounceType: [event.bounce?.type, event.bounce?.subType].filter(Boolean).join(" / ").slice(0, 100) || null,
              bounceReason: event.bounce?.message?.slice(0, 500) ?? null,
            }
          : {}),
      },
    });
    return "applied";
  });
  countEmailEvent(event.type, outcome);
  return outcome;
}

/** Whether an address is on the suppression list (nothing is sent to it). */
export async function isSuppressed(address: string): Promise<boolean> {
  return (await db.suppressedAddress.count({ where: { email: address } })) > 0;
}

/** Lifts a suppression (support, docs/support.md); true when there was one. */
export async function liftSuppression(address: string): Promise<boolean> {
  return (await db.suppressedAddress.deleteMany({ where: { email: address } })).count > 0;
}

/**
 * An erased account's mail (lib/privacy/erasure.ts): every email to its
 * address, the provider events about them, and the address's suppression,
 * inside the caller's transaction. Returns how many emails went.
 */
export async function eraseMailTo(tx: Prisma.TransactionClient, address: string): Promise<number> {
  await tx.$executeRaw`DELETE FROM email_events WHERE email_id IN (SELECT id FROM outbox_emails WHERE "to" = ${address})`;
  await tx.suppressedAddress.deleteMany({ where: { email: address } });
  return (await tx.outboxEmail.deleteMany({ where: { to: address } })).count;
}

// --- Resend's webhook --------------------------------------------------------

const resendTypes: Record<string, DeliveryEvent["type"]> = {
  "email.sent": "sent",
  "email.delivered": "delivered",
  "email.delivery_delayed": "delayed",
  "email.bounced": "bounced",
  "email.complained": "complained",
  "email.failed": "failed",
  "email.suppressed": "suppressed",
};

export type WebhookOutcome = { status: 200 | 400 | 404; outcome?: EventOutcome | "ignored" | "malformed" };

/** The part of a Resend email event we read; the rest (subject, recipients, tags…) is left alone. */
const resendEmailEvent = z.object({
  type: z.string(),
  data: z.object({
    email_id: z.string().check(z.minLength(1), z.maxLength(200)),
    bounce: z.optional(
      z.object({
        type: z.optional(z.string()),
        subType: z.optional(z.string()),
        message: z.optional(z.string()),
      }),
    ),
  }),
});

/**
 * A webhook request from Resend: verified over the raw body with the SDK
 * (Standard Webhooks headers), then applied. Types we do not follow (opens,
 * clicks) are acknowledged and dropped. A signed event of a type we follow
 * but a shape we cannot read is acknowledged too, logged and dropped: Resend
 * retries anything but a 2xx, and that event would fail the same way each time.
 */
export async function receiveResendWebhook(payload: string, headers: Headers): Promise<WebhookOutcome> {
  const secret = env().RESEND_WEBHOOK_SECRET;
  if (!secret) return { status: 404 };
  const id = headers.get("svix-id") ?? headers.get("webhook-id");
  const timestamp = headers.get("svix-timestamp") ?? headers.get("webhook-timestamp");
  const signature = headers.get("svix-signature") ?? headers.get("webhook-signature");
  if (!id || !timestamp || !signature || id.length > 200) return { status: 400 };
  let verified: unknown;
  try {
    // Verification needs only the signing secret; the SDK wants a key to exist.
    verified = new Resend(env().RESEND_API_KEY ?? "re_unused").webhooks.verify({
      payload,
      headers: { id, timestamp, signature },
      webhookSecret: secret,
    });
  } catch {
    return { status: 400 };
  }
  const verifiedType = (verified as { type?: unknown } | null)?.type;
  const type = typeof verifiedType === "string" && Object.hasOwn(resendTypes, verifiedType) ? resendTypes[verifiedType] : undefined;
  if (!type) return { status: 200, outcome: "ignored" };
  const parsed = resendEmailEvent.safeParse(verified);
  if (!parsed.success) {
    // Paths and codes only: the values are the provider's text about someone's mailbox.
    const issues = parsed.error.issues.slice(0, 5).map((issue) => ({ path: issue.path.join("."), code: issue.code }));
    log().warn({ event: "mail.webhook_malformed", webhookId: id, type: verifiedType, issues }, "signed webhook event not understood");
    return { status: 200, outcome: "malformed" };
  }
  return {
    status: 200,
    outcome: await applyDeliveryEvent({
      eventId: `resend:${id}`,
      type,
      email: { providerId: parsed.data.data.email_id },
      bounce: parsed.data.data.bounce,
    }),
  };
}
