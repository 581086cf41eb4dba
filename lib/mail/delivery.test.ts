import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import type { DeliveryState } from "@/lib/db/generated/enums";
import { resetEnvForTests } from "@/lib/env";
import { log } from "@/lib/observability/log";
import { newWebhookSecret, resendEvent, signedWebhook } from "@/lib/testing/webhooks";
import { applyDeliveryEvent, follows, isSuppressed, liftSuppression, receiveResendWebhook } from "./delivery";
import { queueEmail } from "./index";
import { deliverDue } from "./outbox";

const states: DeliveryState[] = ["queued", "sent", "delayed", "delivered", "bounced", "failed", "suppressed", "complained"];

/** An email handed to the provider, as the deliverer leaves it: its id, Resend's id and its address. */
async function sentEmail(to = `delivery-${randomUUID()}@example.test`) {
  const id = await db.$transaction((tx) =>
    queueEmail(tx, { template: "password-changed", to, locale: "fr", props: { pseudo: "x", url: "http://localhost:3000/" } }),
  );
  const providerId = `re_${randomUUID()}`;
  await db.outboxEmail.update({ where: { id }, data: { status: "sent", delivery: "sent", providerId } });
  return { id, providerId, to };
}

const stateOf = async (id: string) => (await db.outboxEmail.findUniqueOrThrow({ where: { id } })).delivery;

describe("the delivery state machine", () => {
  it("moves only forward: delivered never replaces a bounce, a complaint or a failure; a late delay never replaces delivered", () => {
    for (const later of ["bounced", "complained", "failed"] as const) expect(follows(later, "delivered")).toBe(false);
    expect(follows("delivered", "delayed")).toBe(false);
    expect(follows("delayed", "delivered")).toBe(true);
    expect(follows("queued", "sent")).toBe(true);
    expect(follows("sent", "delivered")).toBe(true);
    // A receiving server may accept, then return the email; a complaint comes after it was read.
    expect(follows("delivered", "bounced")).toBe(true);
    for (const state of states) if (state !== "complained") expect(follows(state, "complained"), state).toBe(true);
    // Nothing follows itself (a repeated event changes nothing), nothing goes back to queued.
    for (const state of states) {
      expect(follows(state, state), state).toBe(false);
      expect(follows(state, "queued"), state).toBe(false);
    }
  });

  it("applies an event once, however often it is replayed", async () => {
    const email = await sentEmail();
    const event = { eventId: `test:${randomUUID()}`, type: "delivered" as const, email: { providerId: email.providerId } };
    expect(await applyDeliveryEvent(event)).toBe("applied");
    expect(await applyDeliveryEvent(event)).toBe("duplicate");
    expect(await stateOf(email.id)).toBe("delivered");
    expect(await db.emailEvent.count({ where: { id: event.eventId } })).toBe(1);
  });

  it("keeps a bounce when 'delivered' arrives after it, with its type and reason", async () => {
    const email = await sentEmail();
    const bounce = { type: "Permanent", subType: "General", message: "550 5.1.1 user unknown" };
    expect(
      await applyDeliveryEvent({ eventId: `test:${randomUUID()}`, type: "bounced", email: { providerId: email.providerId }, bounce }),
    ).toBe("applied");
    expect(await applyDeliveryEvent({ eventId: `test:${randomUUID()}`, type: "delivered", email: { providerId: email.providerId } })).toBe(
      "outOfOrder",
    );
    const row = await db.outboxEmail.findUniqueOrThrow({ where: { id: email.id } });
    expect(row).toMatchObject({ delivery: "bounced", bounceType: "Permanent / General", bounceReason: "550 5.1.1 user unknown" });
  });

  it("ignores an event for an email it does not know, and records nothing of it", async () => {
    const eventId = `test:${randomUUID()}`;
    expect(await applyDeliveryEvent({ eventId, type: "delivered", email: { providerId: "re_nobody" } })).toBe("unknownEmail");
    expect(await db.emailEvent.count({ where: { id: eventId } })).toBe(0);
  });

  it("two copies of one event racing apply once", async () => {
    const email = await sentEmail();
    const event = { eventId: `test:${randomUUID()}`, type: "complained" as const, email: { providerId: email.providerId } };
    const outcomes = await Promise.all([applyDeliveryEvent(event), applyDeliveryEvent(event)]);
    expect(outcomes.sort()).toEqual(["applied", "duplicate"]);
  });
});

describe("the suppression list", () => {
  it("takes an address after a hard bounce or a complaint, not after a transient bounce", async () => {
    const hard = await sentEmail();
    await applyDeliveryEvent({
      eventId: `test:${randomUUID()}`,
      type: "bounced",
      email: { providerId: hard.providerId },
      bounce: { type: "Permanent" },
    });
    expect(await isSuppressed(hard.to)).toBe(true);
    const soft = await sentEmail();
    await applyDeliveryEvent({
      eventId: `test:${randomUUID()}`,
      type: "bounced",
      email: { providerId: soft.providerId },
      bounce: { type: "Transient" },
    });
    expect(await isSuppressed(soft.to)).toBe(false);
    const spam = await sentEmail();
    await applyDeliveryEvent({ eventId: `test:${randomUUID()}`, type: "complained", email: { providerId: spam.providerId } });
    expect(await isSuppressed(spam.to)).toBe(true);
  });

  it("stops later emails to a suppressed address (state suppressed, nothing sent) until it is lifted", async () => {
    const first = await sentEmail();
    await applyDeliveryEvent({ eventId: `test:${randomUUID()}`, type: "complained", email: { providerId: first.providerId } });
    const next = await db.$transaction((tx) =>
      queueEmail(tx, { template: "password-changed", to: first.to, locale: "fr", props: { pseudo: "x", url: "http://localhost:3000/" } }),
    );
    while ((await deliverDue()) > 0);
    expect(await db.outboxEmail.findUniqueOrThrow({ where: { id: next } })).toMatchObject({
      status: "failed",
      delivery: "suppressed",
      sentAt: null,
    });

    expect(await liftSuppression(first.to)).toBe(true);
    const after = await db.$transaction((tx) =>
      queueEmail(tx, { template: "password-changed", to: first.to, locale: "fr", props: { pseudo: "x", url: "http://localhost:3000/" } }),
    );
    while ((await deliverDue()) > 0);
    // The outbox transport's mailbox is the recipient's: delivered once it is there.
    expect(await db.outboxEmail.findUniqueOrThrow({ where: { id: after } })).toMatchObject({ status: "sent", delivery: "delivered" });
  });
});

describe("Resend's webhook", () => {
  afterEach(() => {
    delete process.env.RESEND_WEBHOOK_SECRET;
    resetEnvForTests();
  });

  function withSecret(): string {
    const secret = newWebhookSecret();
    process.env.RESEND_WEBHOOK_SECRET = secret;
    resetEnvForTests();
    return secret;
  }

  const post = (signed: { body: string; headers: Record<string, string> }) =>
    receiveResendWebhook(signed.body, new Headers(signed.headers));

  it("does not exist without RESEND_WEBHOOK_SECRET", async () => {
    const email = await sentEmail();
    expect(await post(signedWebhook(newWebhookSecret(), resendEvent("email.delivered", email.providerId)))).toEqual({ status: 404 });
  });

  it("applies a correctly signed event, and a replay of it changes nothing", async () => {
    const secret = withSecret();
    const email = await sentEmail();
    const signed = signedWebhook(secret, resendEvent("email.delivered", email.providerId));
    expect(await post(signed)).toEqual({ status: 200, outcome: "applied" });
    expect(await post(signed)).toEqual({ status: 200, outcome: "duplicate" });
    expect(await stateOf(email.id)).toBe("delivered");
  });

  it("refuses with 400 a forged, altered, stale or unsigned event, and changes nothing", async () => {
    const secret = withSecret();
    const email = await sentEmail();
    const forged = signedWebhook(newWebhookSecret(), resendEvent("email.bounced", email.providerId, { bounce: { type: "Permanent" } }));
    const genuine = signedWebhook(secret, resendEvent("email.delivered", email.providerId));
    const altered = { ...genuine, body: genuine.body.replace("email.delivered", "email.bounced") };
    const stale = signedWebhook(secret, resendEvent("email.bounced", email.providerId), { at: new Date(Date.now() - 3_600_000) });
    const unsigned = { body: genuine.body, headers: { "svix-id": "msg_1", "svix-timestamp": genuine.headers["svix-timestamp"]! } };
    for (const attempt of [forged, altered, stale, unsigned]) expect(await post(attempt)).toEqual({ status: 400 });
    expect(await stateOf(email.id)).toBe("sent");
    expect(await isSuppressed(email.to)).toBe(false);
  });

  it("acknowledges a signed event of a shape it does not expect (a bounce message that is not text…), logs it and changes nothing", async () => {
    const secret = withSecret();
    const email = await sentEmail();
    const lines: unknown[] = [];
    const spy = vi.spyOn(log(), "warn").mockImplementation((line: unknown) => void lines.push(line));
    try {
      const malformed = [
        resendEvent("email.bounced", email.providerId, { bounce: { type: "Permanent", message: { text: "no" } } }),
        resendEvent("email.bounced", email.providerId, { bounce: { type: 5, subType: [], message: "x" } }),
        resendEvent("email.bounced", email.providerId, { bounce: "Permanent" }),
        resendEvent("email.delivered", 42 as unknown as string),
        { ...resendEvent("email.delivered", email.providerId), data: "x" },
        { type: "email.complained" },
      ];
      for (const event of malformed) {
        // Resend retries anything but a 2xx: a signed event we cannot read must not come back for ever.
        expect(await post(signedWebhook(secret, event))).toEqual({ status: 200, outcome: "malformed" });
      }
      expect(lines).toHaveLength(malformed.length);
      expect(lines[0]).toMatchObject({ event: "mail.webhook_malformed" });
    } finally {
      spy.mockRestore();
    }
    expect(await stateOf(email.id)).toBe("sent");
    expect(await isSuppressed(email.to)).toBe(false);
    expect(await db.emailEvent.count({ where: { emailId: email.id } })).toBe(0);
  });

  it("acknowledges events it does not follow (opens, clicks) and those of emails it does not know", async () => {
    const secret = withSecret();
    const email = await sentEmail();
    expect(await post(signedWebhook(secret, resendEvent("email.opened", email.providerId)))).toEqual({ status: 200, outcome: "ignored" });
    expect(await post(signedWebhook(secret, resendEvent("email.delivered", "re_unknown")))).toEqual({
      status: 200,
      outcome: "unknownEmail",
    });
    expect(await stateOf(email.id)).toBe("sent");
  });
});
