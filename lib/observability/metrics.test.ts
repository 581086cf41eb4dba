import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClock, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { env, resetEnvForTests } from "@/lib/env";
import { authenticate } from "@/lib/auth/authenticate";
import { unlockByToken } from "@/lib/auth/lockout";
import { allowAttempt } from "@/lib/rate-limit";
import { applyDeliveryEvent } from "@/lib/mail/delivery";
import { createUser, emailsTo, freshClient, PASSWORD, tokenFromEmail } from "@/lib/testing/factories";
import { metrics } from "./metrics";
import { renderMetrics, scrapeAccess } from "@/lib/monitoring/scrape";

afterEach(() => {
  resetClock();
  delete process.env.METRICS_TOKEN;
  resetEnvForTests();
});

/** The value of one counter for one label set (0 before its first increment). */
async function valueOf(
  name: "signIns" | "locks" | "unlocks" | "rateLimited" | "emailEvents",
  labels: Record<string, string>,
): Promise<number> {
  const { values } = await metrics()[name].get();
  return (
    values.find((entry) => Object.entries(labels).every(([key, value]) => (entry.labels as Record<string, unknown>)[key] === value))
      ?.value ?? 0
  );
}

async function deltas<T>(action: () => Promise<T>, read: () => Promise<number[]>): Promise<number[]> {
  const before = await read();
  await action();
  return (await read()).map((value, index) => value - before[index]!);
}

const signIn = (identifier: string, password: string, from = freshClient()) => authenticate({ identifier, password }, from);

describe("metrics", () => {
  it("count each sign-in by outcome: wrong, locked, ok, unconfirmed", async () => {
    const outcomes = ["ok", "wrong", "locked", "unconfirmed", "rateLimited"] as const;
    const read = () => Promise.all(outcomes.map((outcome) => valueOf("signIns", { outcome })));
    const user = await createUser();
    const pending = await createUser({ confirmed: false });
    const counted = await deltas(async () => {
      for (let attempt = 1; attempt <= env().LOCKOUT_MAX_ATTEMPTS + 1; attempt++) await signIn(user.email, "wrong-password-1");
      await signIn(`nobody-${randomUUID()}@example.test`, PASSWORD);
      await signIn(pending.email, PASSWORD);
      await signIn((await createUser()).email, PASSWORD);
    }, read);
    // Four wrong, the fifth locks and the sixth finds it locked; the unknown address is a wrong one too.
    expect(Object.fromEntries(outcomes.map((outcome, index) => [outcome, counted[index]]))).toEqual({
      ok: 1,
      wrong: env().LOCKOUT_MAX_ATTEMPTS,
      locked: 2,
      unconfirmed: 1,
      rateLimited: 0,
    });
    const { values } = await metrics().signInSeconds.get();
    expect(values.find((entry) => entry.metricName === "sesame_signin_duration_seconds_count")?.value).toBeGreaterThanOrEqual(9);
  });

  it("count a lock by its path's kind and its lifting by cause: the emailed link, the delay", async () => {
    const read = () =>
      Promise.all([valueOf("locks", { cause: "account" }), valueOf("unlocks", { cause: "link" }), valueOf("unlocks", { cause: "expiry" })]);
    const byLink = await createUser();
    const byDelay = await createUser();
    const lock = async (email: string) => {
      for (let attempt = 1; attempt <= env().LOCKOUT_MAX_ATTEMPTS; attempt++) await signIn(email, "wrong-password-1");
    };
    expect(
      await deltas(async () => {
        await lock(byLink.email);
        const [email] = await emailsTo(byLink.email);
        expect(await unlockByToken(tokenFromEmail(email!.html, "/deverrouillage"))).toBe(true);
        await lock(byDelay.email);
        advanceClock((env().LOCKOUT_UNLOCK_AFTER_MINUTES + 1) * 60_000);
        expect((await signIn(byDelay.email, PASSWORD)).ok).toBe(true);
      }, read),
    ).toEqual([2, 1, 1]);
  });

  it("count refused requests by the limit's bucket, never by who was limited", async () => {
    const subject = `metrics-${randomUUID()}`;
    const read = () => Promise.all([valueOf("rateLimited", { bucket: "contactAddress" }), valueOf("rateLimited", { bucket: "emailIp" })]);
    expect(
      await deltas(async () => {
        for (let attempt = 0; attempt < env().RATE_LIMIT_CONTACT_PER_ADDRESS + 2; attempt++) await allowAttempt("contactAddress", subject);
      }, read),
    ).toEqual([2, 0]);
    expect((await renderMetrics()).body).not.toContain(subject);
  });

  it("count provider events by type and by what they did", async () => {
    const read = () =>
      Promise.all([
        valueOf("emailEvents", { type: "delivered", outcome: "applied" }),
        valueOf("emailEvents", { type: "delivered", outcome: "duplicate" }),
        valueOf("emailEvents", { type: "bounced", outcome: "unknownEmail" }),
      ]);
    const { id } = await db.outboxEmail.create({
      data: {
        to: "events@example.test",
        template: "password-changed",
        locale: "fr",
        subject: "s",
        status: "sent",
        providerId: `re_${randomUUID()}`,
      },
    });
    const event = { eventId: `metrics:${randomUUID()}`, type: "delivered" as const, email: { id } };
    expect(
      await deltas(async () => {
        await applyDeliveryEvent(event);
        await applyDeliveryEvent(event);
        await applyDeliveryEvent({ eventId: `metrics:${randomUUID()}`, type: "bounced", email: { providerId: "re_nobody" } });
      }, read),
    ).toEqual([1, 1, 1]);
  });

  it("expose the outbox by state, the oldest pending email's age and the process's own metrics", async () => {
    await signIn((await createUser({ confirmed: false })).email, "wrong-password-1");
    const { body, contentType } = await renderMetrics();
    expect(contentType).toContain("text/plain");
    expect(body).toMatch(/^sesame_outbox_emails\{state="pending"\} \d+$/m);
    expect(body).toMatch(/^sesame_outbox_oldest_pending_seconds \d/m);
    expect(body).toMatch(/^sesame_signins_total\{outcome="wrong"\} \d+$/m);
    expect(body).toMatch(/^process_resident_memory_bytes \d/m);
  });
});

describe("metrics access", () => {
  it("does not exist without METRICS_TOKEN", () => {
    expect(scrapeAccess("Bearer anything")).toBe("disabled");
  });

  it("answers only the bearer of METRICS_TOKEN", () => {
    process.env.METRICS_TOKEN = "scrape-token-0123456789";
    resetEnvForTests();
    expect(scrapeAccess("Bearer scrape-token-0123456789")).toBe("allowed");
    for (const offered of [
      null,
      "",
      "Bearer ",
      "Bearer scrape-token-012345678",
      "Bearer scrape-token-01234567890",
      "scrape-token-0123456789",
    ])
      expect(scrapeAccess(offered), String(offered)).toBe("refused");
  });
});
