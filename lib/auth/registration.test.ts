import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { advanceClock, resetClock } from "@/lib/clock";
import { createUser, emailsTo, freshClient, PASSWORD, tokenFromEmail } from "@/lib/testing/factories";
import { authenticate } from "./authenticate";
import { confirmAccountByToken, requestConfirmation } from "./confirmation";
import { signUpSchema } from "@/lib/validation/sign-up";
import { applyDeliveryEvent } from "@/lib/mail/delivery";
import { statusCookie } from "@/lib/mail/status";
import { correctSignUpAddress, registerAccount } from "./registration";

afterEach(() => resetClock());

// Pressed with the account's password (a browser other than the sign-up one; lib/auth/confirmation.test.ts has the rest).
const asCreator = { signUpBrowser: null, password: PASSWORD };

let counter = 0;
function newcomer() {
  counter += 1;
  const pseudo = `Newcomer_${Date.now().toString(36)}${counter}`;
  return { pseudo, email: `${pseudo.toLowerCase()}@example.test`, password: PASSWORD, passwordConfirmation: PASSWORD };
}

describe("sign-up", () => {
  it("creates an unconfirmed account and its confirmation email in one go", async () => {
    const data = newcomer();
    const result = await registerAccount(data, "fr", freshClient());
    expect(result.ok).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { email: data.email } });
    expect(user.emailVerified).toBeNull();
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const emails = await emailsTo(data.email);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toBe("Confirmez votre compte Sésame");
  });

  it("checks the rate limit before the password's strength, and the strength before anything is written", async () => {
    const from = freshClient();
    const common = { ...newcomer(), password: "azertyuiop", passwordConfirmation: "azertyuiop" };
    expect(await registerAccount(common, "fr", from)).toEqual({ ok: false, code: "weakPassword", reason: "passwordTooCommon" });
    expect(await db.user.count({ where: { email: common.email } })).toBe(0);
    for (let attempt = 1; attempt < env().RATE_LIMIT_SIGNUP_PER_IP; attempt++)
      await registerAccount({ ...newcomer(), password: "x" }, "fr", from);
    // The quota is spent: the estimate (the costly part) is not even run.
    expect(await registerAccount(common, "fr", from)).toEqual({ ok: false, code: "rateLimited" });
  });

  it("answers 'taken' for an email or a pseudo that exists in another case", async () => {
    const existing = await createUser({ pseudo: "Ariane_B" });
    // As the sign-up form sends it: the schema stores addresses lower-cased.
    const byEmail = await registerAccount(
      signUpSchema().parse({ ...newcomer(), email: existing.email.toUpperCase() }),
      "fr",
      freshClient(),
    );
    expect(byEmail).toEqual({ ok: false, code: "taken", fields: { email: true } });
    const byPseudo = await registerAccount({ ...newcomer(), pseudo: "ARIANE_b" }, "fr", freshClient());
    expect(byPseudo).toEqual({ ok: false, code: "taken", fields: { pseudo: true } });
  });

  it("lets exactly one of two racing sign-ups with one email through, with one email sent", async () => {
    const first = newcomer();
    const second = { ...newcomer(), email: first.email };
    const results = await Promise.all([registerAccount(first, "fr", freshClient()), registerAccount(second, "fr", freshClient())]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toEqual({ ok: false, code: "taken", fields: { email: true } });
    expect(await db.user.count({ where: { email: first.email } })).toBe(1);
    expect(await emailsTo(first.email)).toHaveLength(1);
  });

  it("lets exactly one of two racing sign-ups with one pseudo (in two cases) through", async () => {
    const first = newcomer();
    const second = { ...newcomer(), pseudo: first.pseudo.toUpperCase() };
    const results = await Promise.all([registerAccount(first, "fr", freshClient()), registerAccount(second, "fr", freshClient())]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toEqual({ ok: false, code: "taken", fields: { pseudo: true } });
    expect(await db.user.count({ where: { pseudoKey: first.pseudo.toLowerCase() } })).toBe(1);
  });
});

describe("confirmation", () => {
  async function signedUp() {
    const data = newcomer();
    await registerAccount(data, "fr", freshClient());
    const [email] = await emailsTo(data.email);
    return { data, token: tokenFromEmail(email!.html, "/confirmation") };
  }

  it("confirms through the emailed link, then lets the user sign in", async () => {
    const { data, token } = await signedUp();
    expect((await authenticate({ identifier: data.email, password: PASSWORD }, freshClient())).ok).toBe(false);
    expect(await confirmAccountByToken(token, freshClient(), asCreator)).toBe("confirmed");
    expect((await authenticate({ identifier: data.email, password: PASSWORD }, freshClient())).ok).toBe(true);
  });

  it("says 'already confirmed' when the same link is opened again", async () => {
    const { token } = await signedUp();
    await confirmAccountByToken(token, freshClient(), asCreator);
    expect(await confirmAccountByToken(token, freshClient(), asCreator)).toBe("alreadyConfirmed");
  });

  it("confirms once when the link is clicked in two tabs at once", async () => {
    const { data, token } = await signedUp();
    const results = await Promise.all([
      confirmAccountByToken(token, freshClient(), asCreator),
      confirmAccountByToken(token, freshClient(), asCreator),
    ]);
    expect(results.sort()).toEqual(["alreadyConfirmed", "confirmed"]);
    const user = await db.user.findUniqueOrThrow({ where: { email: data.email } });
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "account.confirmed" } })).toBe(1);
  });

  it("refuses an expired link (CONFIRM_TOKEN_TTL_HOURS)", async () => {
    const { token } = await signedUp();
    advanceClock(env().CONFIRM_TOKEN_TTL_HOURS * 3_600_000 + 1000);
    expect(await confirmAccountByToken(token, freshClient(), asCreator)).toBe("invalid");
  });

  it("refuses malformed, unknown and foreign tokens", async () => {
    expect(await confirmAccountByToken("short", freshClient(), asCreator)).toBe("invalid");
    expect(await confirmAccountByToken("A".repeat(43), freshClient(), asCreator)).toBe("invalid");
    expect(await confirmAccountByToken(`${"A".repeat(42)}*`, freshClient(), asCreator)).toBe("invalid");
    expect(await confirmAccountByToken(undefined, freshClient(), asCreator)).toBe("invalid");
  });

  it("re-sends a fresh link that supersedes the old one", async () => {
    const { data, token } = await signedUp();
    const { outcome, delivery } = await requestConfirmation(data.email, freshClient(), "fr");
    await delivery();
    expect(outcome).toBe("sent");
    const emails = await emailsTo(data.email);
    expect(emails).toHaveLength(2);
    const fresh = tokenFromEmail(emails[1]!.html, "/confirmation");
    expect(await confirmAccountByToken(token, freshClient(), asCreator)).toBe("invalid");
    expect(await confirmAccountByToken(fresh, freshClient(), asCreator)).toBe("confirmed");
  });

  it("answers an unknown address like an unconfirmed one, and a confirmed one with 'already confirmed'", async () => {
    const unknown = await requestConfirmation("personne@example.test", freshClient(), "fr");
    await unknown.delivery();
    expect(unknown.outcome).toBe("sent");
    expect((await emailsTo("personne@example.test")).map((row) => [row.id, row.template])).toEqual([[unknown.emailId, "no-account"]]);
    const confirmed = await createUser();
    expect((await requestConfirmation(confirmed.email, freshClient(), "fr")).outcome).toBe("alreadyConfirmed");
  });

  it("rate-limits re-sends per address", async () => {
    const { data } = await signedUp();
    const outcomes = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const request = await requestConfirmation(data.email, freshClient(), "fr");
      await request.delivery();
      outcomes.push(request.outcome);
    }
    expect(outcomes).toEqual(["sent", "sent", "sent", "sent", "sent", "rateLimited"]);
  });
});

describe("correcting a mistyped address at sign-up", () => {
  async function bouncedSignUp() {
    const data = newcomer();
    const result = await registerAccount(data, "fr", freshClient());
    if (!result.ok) throw new Error("sign-up failed");
    await applyDeliveryEvent({
      eventId: `test:${randomUUID()}`,
      type: "bounced",
      email: { id: result.emailId },
      bounce: { type: "Permanent" },
    });
    return { data, handle: statusCookie(result.emailId, data.email, { followed: "signup", accountId: result.userId }).value };
  }

  it("replaces the address, voids the old link and sends a new confirmation that then confirms", async () => {
    const { data, handle } = await bouncedSignUp();
    const [first] = await emailsTo(data.email);
    const oldToken = tokenFromEmail(first!.html, "/confirmation");
    const fixed = `fixed-${data.email}`;
    const result = await correctSignUpAddress(handle, fixed, freshClient());
    expect(result.ok).toBe(true);
    expect(await db.user.count({ where: { email: data.email } })).toBe(0);
    expect(await confirmAccountByToken(oldToken, freshClient(), asCreator)).toBe("invalid");
    const [fresh, ...more] = await emailsTo(fixed);
    expect(more).toHaveLength(0);
    expect(fresh!.id).toBe(result.ok && result.emailId);
    expect(await confirmAccountByToken(tokenFromEmail(fresh!.html, "/confirmation"), freshClient(), asCreator)).toBe("confirmed");
  });

  it("refuses a taken address, a handle of another browser, and an email that was not refused", async () => {
    const { handle } = await bouncedSignUp();
    const existing = await createUser();
    expect(await correctSignUpAddress(handle, existing.email, freshClient())).toEqual({ ok: false, code: "taken" });
    expect(await correctSignUpAddress(undefined, "x@example.test", freshClient())).toEqual({ ok: false, code: "invalidLink" });
    const delivered = newcomer();
    const result = await registerAccount(delivered, "fr", freshClient());
    if (!result.ok) throw new Error("sign-up failed");
    const fine = statusCookie(result.emailId, delivered.email, { followed: "signup", accountId: result.userId }).value;
    expect(await correctSignUpAddress(fine, `other-${delivered.email}`, freshClient())).toEqual({ ok: false, code: "invalidLink" });
  });

  it("lets one of two racing corrections through", async () => {
    const { handle } = await bouncedSignUp();
    const results = await Promise.all([
      correctSignUpAddress(handle, `one-${randomUUID()}@example.test`, freshClient()),
      correctSignUpAddress(handle, `two-${randomUUID()}@example.test`, freshClient()),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it("replays the probe: a stranger's stale handle cannot move an account signed up later with the same address", async () => {
    const { data: stranger, handle } = await bouncedSignUp();
    const strangersOwn = `moved-${stranger.email}`;
    expect((await correctSignUpAddress(handle, strangersOwn, freshClient())).ok).toBe(true);
    // Within the hour, the address's owner signs up with it.
    const victim = { ...newcomer(), email: stranger.email };
    const signedUp = await registerAccount(victim, "fr", freshClient());
    expect(signedUp.ok).toBe(true);
    const takeover = `taken-${randomUUID()}@example.test`;
    expect(await correctSignUpAddress(handle, takeover, freshClient())).toEqual({ ok: false, code: "invalidLink" });
    expect(await db.user.findUniqueOrThrow({ where: { pseudoKey: victim.pseudo.toLowerCase() }, select: { email: true } })).toEqual({
      email: stranger.email,
    });
    expect(await emailsTo(takeover)).toHaveLength(0);
  });

  it("works only while the email it follows is the account's latest confirmation", async () => {
    const { data, handle } = await bouncedSignUp();
    const resent = await requestConfirmation(data.email, freshClient(), "fr");
    await resent.delivery();
    expect(await correctSignUpAddress(handle, `later-${data.email}`, freshClient())).toEqual({ ok: false, code: "invalidLink" });
    expect(await db.user.count({ where: { email: data.email } })).toBe(1);
  });
});
