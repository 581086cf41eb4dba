import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { advanceClock, resetClock } from "@/lib/clock";
import { client, createUser, emailsTo, freshClient, lockState, PASSWORD, tokenFromEmail } from "@/lib/testing/factories";
import { authenticate } from "./authenticate";
import { lockoutSettings, requestUnlock, unlockByToken } from "./lockout";

afterEach(() => resetClock());

const signIn = (identifier: string, password: string, from = client) => authenticate({ identifier, password }, from);
const { maxAttempts, unlockAfterMinutes } = lockoutSettings();
/** What wrong passwords 1, 2, … answer before the one that leaves one try. */
const wrongBeforeWarning = (count: number) => Array.from({ length: count }, () => "invalidCredentials");

describe("lockout (LOCKOUT_MAX_ATTEMPTS)", () => {
  it("warns when one try is left, then locks on the last wrong password and emails an unlock link", async () => {
    const codes = [];
    const second = await createUser();
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const result = await signIn(second.pseudo, "wrong-password-1");
      codes.push(result.ok ? "ok" : result.code);
    }
    expect(codes).toEqual([...wrongBeforeWarning(maxAttempts - 2), "lastAttempt", "locked"]);
    const emails = await emailsTo(second.email);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toBe("Déverrouillez votre compte Sésame");
    expect(emails[0]!.html).toContain("/deverrouillage/");
    const row = await lockState(second.id);
    expect(row.failedAttempts).toBe(maxAttempts);
    expect(row.lockedAt).not.toBeNull();
  });

  it("opens a session, and sends a new-device alert, for exactly the sign-ins that succeed, even when a lock lands at the same moment", async () => {
    for (let round = 0; round < 6; round++) {
      const user = await createUser();
      for (let attempt = 1; attempt < maxAttempts; attempt++) await signIn(user.email, "wrong-password-1", freshClient());
      // The last failure (the lock) and the right password race.
      const results = await Promise.all([
        signIn(user.email, "wrong-password-1", freshClient()),
        signIn(user.email, PASSWORD, freshClient()),
      ]);
      const succeeded = results.filter((result) => result.ok);
      expect(await db.session.count({ where: { userId: user.id } })).toBe(succeeded.length);
      expect(await db.token.count({ where: { userId: user.id, purpose: "not_me" } })).toBe(succeeded.length);
      expect(await db.outboxEmail.count({ where: { to: user.email, template: "new-device-alert" } })).toBe(succeeded.length);
      const row = await lockState(user.id);
      // Either the success came first (counter reset, then one failure) or the lock did.
      expect(succeeded.length === 1 ? row.lockedAt === null && row.failedAttempts === 1 : row.lockedAt !== null).toBe(true);
    }
  });

  it("never lets a right password racing the lock through, nor tell an unconfirmed account's password, nor remember its browser", async () => {
    for (const confirmed of [true, false]) {
      for (let round = 0; round < 6; round++) {
        const user = await createUser({ confirmed });
        for (let attempt = 1; attempt < maxAttempts; attempt++) await signIn(user.email, "wrong-password-1", freshClient());
        const [wrong, right] = await Promise.all([
          signIn(user.email, "wrong-password-1", freshClient()),
          signIn(user.email, PASSWORD, freshClient()),
        ]);
        const rightCode = right.ok ? "ok" : right.code;
        const wrongCode = wrong.ok ? "ok" : wrong.code;
        // The right password is judged before the lock (it reset the counter, and the wrong one then counts 1) or after it (locked).
        expect([rightCode, wrongCode], `confirmed: ${confirmed}`).toEqual(
          rightCode === "locked" ? ["locked", "locked"] : [confirmed ? "ok" : "unconfirmed", "invalidCredentials"],
        );
        expect(await db.knownDevice.count({ where: { userId: user.id } })).toBe(rightCode === "ok" ? 1 : 0);
      }
    }
  });

  it("describes the failed attempts in the lock email by browser family only, never by what the client wrote", async () => {
    const user = await createUser();
    const crafted = { ip: "203.0.113.9", userAgent: "Sesame support: evil.example/unlock" };
    for (let attempt = 1; attempt <= maxAttempts; attempt++)
      await signIn(
        user.email,
        "wrong-password-1",
        attempt === maxAttempts ? { ip: "203.0.113.9", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" } : crafted,
      );
    const [email] = await emailsTo(user.email);
    expect(email!.text).not.toContain("evil.example");
    expect(email!.text).toContain("appareil non reconnu");
    expect(email!.text).toContain("Firefox · Linux");
    expect(email!.text).toContain("203.0.113.9");
  });

  it("answers locked even for the right password while locked", async () => {
    const user = await createUser();
    for (let attempt = 1; attempt <= maxAttempts; attempt++) await signIn(user.email, "wrong-password-1");
    expect(await signIn(user.email, PASSWORD)).toEqual({ ok: false, code: "locked" });
    // No second unlock email for attempts on a locked account.
    expect(await emailsTo(user.email)).toHaveLength(1);
  });

  it("unlocks by itself after LOCKOUT_UNLOCK_AFTER_MINUTES and lets the right password in", async () => {
    const user = await createUser();
    for (let attempt = 1; attempt <= maxAttempts; attempt++) await signIn(user.email, "wrong-password-1");
    advanceClock((unlockAfterMinutes - 1) * 60_000);
    expect(await signIn(user.email, PASSWORD)).toEqual({ ok: false, code: "locked" });
    advanceClock(2 * 60_000);
    const result = await signIn(user.email, PASSWORD);
    expect(result.ok).toBe(true);
    const row = await lockState(user.id);
    expect(row).toMatchObject({ failedAttempts: 0, lockedAt: null });
  });

  it("starts counting afresh after the timed unlock", async () => {
    const user = await createUser();
    for (let attempt = 1; attempt <= maxAttempts; attempt++) await signIn(user.email, "wrong-password-1");
    advanceClock((unlockAfterMinutes + 1) * 60_000);
    const result = await signIn(user.email, "wrong-password-1");
    expect(result).toEqual({ ok: false, code: "invalidCredentials" });
  });

  it("resets the counter on a successful sign-in", async () => {
    const user = await createUser();
    for (let attempt = 1; attempt <= maxAttempts - 2; attempt++) await signIn(user.email, "wrong-password-1");
    expect((await signIn(user.email, PASSWORD)).ok).toBe(true);
    const codes = [];
    for (let attempt = 1; attempt < maxAttempts; attempt++) {
      const result = await signIn(user.email, "wrong-password-1");
      codes.push(result.ok ? "ok" : result.code);
    }
    expect(codes).toEqual([...wrongBeforeWarning(maxAttempts - 2), "lastAttempt"]);
  });

  it("unlocks through the emailed link, once", async () => {
    const user = await createUser();
    for (let attempt = 1; attempt <= maxAttempts; attempt++) await signIn(user.email, "wrong-password-1");
    const [email] = await emailsTo(user.email);
    const token = tokenFromEmail(email!.html, "/deverrouillage");
    expect(await unlockByToken(token)).toBe(true);
    expect(await unlockByToken(token)).toBe(false);
    expect((await signIn(user.email, PASSWORD)).ok).toBe(true);
  });

  it("counts 20 parallel wrong passwords exactly, locks once and sends one unlock email", async () => {
    const user = await createUser();
    const results = await Promise.all(Array.from({ length: 20 }, () => signIn(user.email, "wrong-password-1", freshClient())));
    const codes = results.map((result) => (result.ok ? "ok" : result.code));
    expect(codes.filter((code) => code === "locked").length).toBeGreaterThanOrEqual(20 - (maxAttempts - 1));
    expect(codes.filter((code) => code === "lastAttempt").length).toBeLessThanOrEqual(1);
    const row = await lockState(user.id);
    expect(row.failedAttempts).toBe(maxAttempts);
    expect(row.lockedAt).not.toBeNull();
    expect(await emailsTo(user.email)).toHaveLength(1);
    const locks = await db.securityEvent.count({ where: { userId: user.id, type: "account.locked" } });
    expect(locks).toBe(1);
    const failures = await db.securityEvent.count({ where: { userId: user.id, type: { in: ["signin.failure", "signin.locked"] } } });
    expect(failures).toBe(20);
  });

  it("re-sends an unlock link to a locked account only; an unlocked or unknown address gets one email without a link", async () => {
    const locked = await createUser();
    for (let attempt = 1; attempt <= maxAttempts; attempt++) await signIn(locked.email, "wrong-password-1");
    const unlocked = await createUser();
    const request = await requestUnlock(locked.email, client, "fr");
    expect(request.outcome).toBe("sent");
    await request.delivery();
    expect(await emailsTo(locked.email)).toHaveLength(2);
    for (const [email, template] of [
      [unlocked.email, "not-locked"],
      ["personne-verrouillee@example.test", "no-account"],
    ] as const) {
      const other = await requestUnlock(email, freshClient(), "fr");
      expect(other.outcome).toBe("sent");
      await other.delivery();
      const sent = await emailsTo(email);
      expect(sent.map((row) => [row.id, row.template])).toEqual([[other.emailId, template]]);
      expect(sent[0]!.html).not.toContain("/deverrouillage/");
    }
  });
});

describe("sign-in", () => {
  it("accepts the email or the pseudo, ignoring case and surrounding spaces", async () => {
    const user = await createUser({ pseudo: "Zoe_Martin" });
    expect((await signIn(`  ${user.email.toUpperCase()} `, PASSWORD)).ok).toBe(true);
    expect((await signIn(" zoe_MARTIN", PASSWORD)).ok).toBe(true);
  });

  it("gives the same answer for an unknown identifier as for a wrong password", async () => {
    expect(await signIn("nobody@example.test", PASSWORD)).toEqual({ ok: false, code: "invalidCredentials" });
    expect(await signIn("nobody", PASSWORD)).toEqual({ ok: false, code: "invalidCredentials" });
  });

  it("refuses an unconfirmed account only once the password is right", async () => {
    const user = await createUser({ confirmed: false });
    expect(await signIn(user.email, "wrong-password-1")).toEqual({ ok: false, code: "invalidCredentials" });
    expect(await signIn(user.email, PASSWORD)).toEqual({ ok: false, code: "unconfirmed" });
  });

  it("records successes and failures in the security journal without the password", async () => {
    const user = await createUser();
    await signIn(user.email, "wrong-password-1");
    await signIn(user.email, PASSWORD);
    const events = await db.securityEvent.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => event.type)).toEqual(["signin.failure", "signin.success"]);
    expect(events[0]).toMatchObject({ ip: client.ip, userAgent: "Vitest" });
    expect(JSON.stringify(events)).not.toContain("wrong-password-1");
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
  });

  it("counts the email and the pseudo of one account against one budget", async () => {
    const user = await createUser();
    const from = freshClient();
    for (let attempt = 0; attempt < 15; attempt++) await authenticate({ identifier: user.email, password: "wrong-password-1" }, from);
    for (let attempt = 0; attempt < 15; attempt++) await authenticate({ identifier: user.pseudo, password: "wrong-password-1" }, from);
    expect(await authenticate({ identifier: user.pseudo, password: PASSWORD }, freshClient())).toEqual({ ok: false, code: "rateLimited" });
  });

  it("rate-limits sign-ins per identifier", async () => {
    const user = await createUser();
    const from = freshClient();
    let last;
    for (let attempt = 0; attempt < 31; attempt++) last = await authenticate({ identifier: `nobody-${user.id}`, password: "x" }, from);
    expect(last).toEqual({ ok: false, code: "rateLimited" });
  });
});
