import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { advanceClock, resetClock } from "@/lib/clock";
import { createUser, emailsTo, freshClient } from "@/lib/testing/factories";
import { requestConfirmation } from "./confirmation";
import { ABANDONED_AFTER_MS, resumeAbandonedRequests } from "./email-request-work";
import { requestUnlock } from "./lockout";
import { requestPasswordReset } from "./recovery";

afterEach(() => resetClock());

// A request the form accepted must not be lost if the process dies between
// its answer and its work (≤ 250 ms): it is recorded before the answer, and
// the deliverer resumes it.

const stranger = () => `nobody-${randomUUID()}@example.test`;

describe("accepted email requests", () => {
  it("are recorded before the answer, with one insert whether or not the address has an account", async () => {
    const user = await createUser({ confirmed: false });
    const known = await requestPasswordReset(user.email, freshClient(), "fr");
    const unknown = await requestPasswordReset(stranger(), freshClient(), "fr");
    for (const request of [known, unknown]) expect(await db.emailRequest.count({ where: { id: request.emailId! } })).toBe(1);
    // Nothing else is written before the work runs.
    expect(await db.outboxEmail.count({ where: { id: { in: [known.emailId!, unknown.emailId!] } } })).toBe(0);
    expect(await db.token.count({ where: { userId: user.id, purpose: "reset" } })).toBe(0);
  });

  it("survive a process that dies before their work: the deliverer's pass sends each one's email, once", async () => {
    const locked = await createUser();
    await db.lockPath.create({ data: { userId: locked.id, path: "account", failedAttempts: 5, lockedAt: new Date() } });
    const unconfirmed = await createUser({ confirmed: false });
    const nobody = stranger();
    // Answered, then the process dies: `delivery` never runs.
    const lost = [
      await requestPasswordReset(locked.email, freshClient(), "fr"),
      await requestUnlock(locked.email, freshClient(), "fr"),
      await requestConfirmation(unconfirmed.email, freshClient(), "en"),
      await requestPasswordReset(nobody, freshClient(), "en"),
    ];
    // Not yet abandoned: a live process may still be about to do it.
    expect(await resumeAbandonedRequests()).toBe(0);
    advanceClock(ABANDONED_AFTER_MS + 1000);
    expect(await resumeAbandonedRequests()).toBeGreaterThanOrEqual(lost.length);
    for (const request of lost) expect(await db.outboxEmail.count({ where: { id: request.emailId! } })).toBe(1);
    expect((await emailsTo(locked.email, "reset-password")).length).toBe(1);
    expect((await emailsTo(locked.email, "unlock-account")).length).toBe(1);
    expect((await emailsTo(unconfirmed.email, "confirm-account")).length).toBe(1);
    expect((await emailsTo(nobody, "no-account")).length).toBe(1);

    // The dead process's work, if it ran after all, and a second pass: nothing more.
    for (const request of lost) await request.delivery();
    expect(await resumeAbandonedRequests()).toBe(0);
    expect(await emailsTo(locked.email)).toHaveLength(2);
  });

  it("are worked once when the answer's work and the deliverer race", async () => {
    const user = await createUser();
    const request = await requestPasswordReset(user.email, freshClient(), "fr");
    advanceClock(ABANDONED_AFTER_MS + 1000);
    await Promise.all([request.delivery(), resumeAbandonedRequests(), resumeAbandonedRequests()]);
    expect(await emailsTo(user.email, "reset-password")).toHaveLength(1);
    expect(await db.emailRequest.count({ where: { id: request.emailId! } })).toBe(0);
  });

  it("leave nothing behind once worked as usual", async () => {
    const request = await requestPasswordReset(stranger(), freshClient(), "fr");
    await request.delivery();
    expect(await db.emailRequest.count({ where: { id: request.emailId! } })).toBe(0);
    expect(await db.outboxEmail.count({ where: { id: request.emailId! } })).toBe(1);
  });
});
