import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { advanceClock, resetClock } from "@/lib/clock";
import { createUser, emailsTo, freshClient, lockState, openSession, PASSWORD, tokenFromEmail } from "@/lib/testing/factories";
import { env } from "@/lib/env";
import { authenticate } from "./authenticate";
import { lockoutSettings } from "./lockout";
import { findResetAccount, requestPasswordReset, resetPasswordByToken } from "./recovery";
import { resolveSession } from "./session";
import { issueToken } from "./tokens";

afterEach(() => resetClock());

const NEW_PASSWORD = "Quartz-Nuage-Pomme-84";

async function resetLink(email: string): Promise<string> {
  const request = await requestPasswordReset(email, freshClient(), "fr");
  await request.delivery();
  const emails = await emailsTo(email);
  return tokenFromEmail(emails.at(-1)!.html, "/reinitialisation");
}

describe("password recovery", () => {
  it("gives an unknown address the same answer and one email, named in the answer, that holds no link", async () => {
    const request = await requestPasswordReset("inconnu@example.test", freshClient(), "en");
    expect(request.outcome).toBe("sent");
    await request.delivery();
    const [email, ...more] = await emailsTo("inconnu@example.test");
    expect(more).toHaveLength(0);
    expect(email).toMatchObject({ id: request.emailId, template: "no-account", locale: "en" });
    expect(email!.text).toContain("No Sésame account uses this address");
    expect(email!.html).not.toMatch(/reinitialisation|confirmation\/|deverrouillage\//);

    const user = await createUser();
    const known = await requestPasswordReset(user.email, freshClient(), "fr");
    await known.delivery();
    expect((await emailsTo(user.email)).map((row) => [row.id, row.template])).toEqual([[known.emailId, "reset-password"]]);
  });

  it("opens the form without using the link up", async () => {
    const user = await createUser();
    const token = await resetLink(user.email);
    expect(await findResetAccount(token)).toEqual({ pseudo: user.pseudo, email: user.email });
    expect(await findResetAccount(token)).not.toBeNull();
  });

  it("changes the password, ends every session, unlocks, confirms and emails a notice, in one go", async () => {
    const user = await createUser({ confirmed: false });
    await db.lockPath.create({
      data: { userId: user.id, path: "account", failedAttempts: lockoutSettings().maxAttempts, lockedAt: new Date() },
    });
    const sessionId = await openSession(user.id, freshClient());
    const token = await resetLink(user.email);

    expect(await resetPasswordByToken(token, NEW_PASSWORD, freshClient())).toEqual({ ok: true });

    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await lockState(user.id)).toMatchObject({ failedAttempts: 0, lockedAt: null });
    expect(row.emailVerified).not.toBeNull();
    expect(await resolveSession(sessionId)).toBeNull();
    const subjects = (await emailsTo(user.email)).map((email) => email.subject);
    expect(subjects.at(-1)).toBe("Votre mot de passe Sésame a été modifié");
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "password.reset" } })).toBe(1);
    expect((await authenticate({ identifier: user.email, password: PASSWORD }, freshClient())).ok).toBe(false);
    expect((await authenticate({ identifier: user.email, password: NEW_PASSWORD }, freshClient())).ok).toBe(true);
  });

  it("works once: the link is dead after use", async () => {
    const user = await createUser();
    const token = await resetLink(user.email);
    await resetPasswordByToken(token, NEW_PASSWORD, freshClient());
    expect(await resetPasswordByToken(token, "Autre-Mot-Solide-2099", freshClient())).toEqual({ ok: false, code: "invalidLink" });
    expect(await findResetAccount(token)).toBeNull();
  });

  it("changes the password once when the same link is submitted twice at once", async () => {
    const user = await createUser();
    const token = await resetLink(user.email);
    const results = await Promise.all([
      resetPasswordByToken(token, NEW_PASSWORD, freshClient()),
      resetPasswordByToken(token, "Autre-Mot-Solide-2099", freshClient()),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toEqual({ ok: false, code: "invalidLink" });
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "password.reset" } })).toBe(1);
    const notices = (await emailsTo(user.email)).filter((email) => email.template === "password-changed");
    expect(notices).toHaveLength(1);
  });

  it("expires after RESET_TOKEN_TTL_MINUTES", async () => {
    const user = await createUser();
    const token = await resetLink(user.email);
    advanceClock((env().RESET_TOKEN_TTL_MINUTES - 1) * 60_000);
    expect(await findResetAccount(token)).not.toBeNull();
    advanceClock(2 * 60_000);
    expect(await resetPasswordByToken(token, NEW_PASSWORD, freshClient())).toEqual({ ok: false, code: "invalidLink" });
  });

  it("supersedes older links with a new request", async () => {
    const user = await createUser();
    const first = await resetLink(user.email);
    const second = await resetLink(user.email);
    expect(await findResetAccount(first)).toBeNull();
    expect(await resetPasswordByToken(second, NEW_PASSWORD, freshClient())).toEqual({ ok: true });
  });

  it("checks the new password against this account's pseudo and email, and leaves the link usable", async () => {
    const user = await createUser({ pseudo: "Marguerite_92" });
    const token = await resetLink(user.email);
    expect(await resetPasswordByToken(token, "marguerite_92-2024", freshClient())).toEqual({ ok: false, code: "passwordLikeIdentity" });
    expect(await resetPasswordByToken(token, "azertyuiop", freshClient())).toEqual({ ok: false, code: "passwordTooCommon" });
    expect(await resetPasswordByToken(token, "court", freshClient())).toEqual({ ok: false, code: "passwordTooShort" });
    expect(await findResetAccount(token)).not.toBeNull();
  });

  it("refuses a link of another purpose", async () => {
    const user = await createUser({ confirmed: false });
    // A confirmation token is not a reset token.
    const confirmToken = await db.$transaction((tx) => issueToken(tx, user.id, "confirm"));
    expect(await findResetAccount(confirmToken)).toBeNull();
    expect(await resetPasswordByToken(confirmToken, NEW_PASSWORD, freshClient())).toEqual({ ok: false, code: "invalidLink" });
  });

  it("rate-limits requests per address", async () => {
    const user = await createUser();
    const outcomes = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const request = await requestPasswordReset(user.email, freshClient(), "fr");
      await request.delivery();
      outcomes.push(request.outcome);
    }
    expect(outcomes.at(-1)).toBe("rateLimited");
    expect(await emailsTo(user.email)).toHaveLength(5);
  });
});
