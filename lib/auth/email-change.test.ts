import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser, emailsTo, freshClient, PASSWORD, tokenFromEmail } from "@/lib/testing/factories";
import { authenticate } from "./authenticate";
import { confirmEmailChangeByToken, requestEmailChange } from "./email-change";
import { lockoutSettings } from "./lockout";
import { requestPasswordReset, resetPasswordByToken } from "./recovery";

const { maxAttempts } = lockoutSettings();
let counter = 0;
const freshAddress = () => `nouvelle${Date.now().toString(36)}${++counter}@example.test`;

describe("changing the email address", () => {
  it("keeps the current address until the link sent to the new one is opened, and tells the old one", async () => {
    const user = await createUser();
    const newEmail = freshAddress();
    expect(await requestEmailChange({ userId: user.id, password: PASSWORD, newEmail }, freshClient())).toEqual({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);

    const [notice] = await emailsTo(user.email);
    expect(notice!.template).toBe("email-change-notice");
    expect(notice!.text).toContain(newEmail);
    expect(notice!.html).toContain("/mot-de-passe-oublie");
    expect(notice!.html).toContain("/aide");
    const [confirmation] = await emailsTo(newEmail);
    const token = tokenFromEmail(confirmation!.html, "/changement-email");

    expect(await confirmEmailChangeByToken(token)).toBe("changed");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(newEmail);
    expect((await authenticate({ identifier: newEmail, password: PASSWORD }, freshClient())).ok).toBe(true);
    expect(await confirmEmailChangeByToken(token)).toBe("invalid");
  });

  it("refuses an address that is taken, and a wrong password (counted towards the lockout)", async () => {
    const user = await createUser();
    const other = await createUser();
    expect(await requestEmailChange({ userId: user.id, password: PASSWORD, newEmail: other.email }, freshClient())).toEqual({
      ok: false,
      field: "newEmail",
      code: "emailTaken",
    });
    const codes = [];
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const result = await requestEmailChange({ userId: user.id, password: "wrong-password", newEmail: freshAddress() }, freshClient());
      codes.push(result.ok ? "ok" : result.code);
    }
    expect(codes).toEqual([...Array.from({ length: maxAttempts - 2 }, () => "invalidCredentials"), "lastAttempt", "locked"]);
  });

  it("answers 'taken' when someone else took the address before the link was opened", async () => {
    const user = await createUser();
    const newEmail = freshAddress();
    await requestEmailChange({ userId: user.id, password: PASSWORD, newEmail }, freshClient());
    await createUser({ email: newEmail });
    const [confirmation] = await emailsTo(newEmail);
    expect(await confirmEmailChangeByToken(tokenFromEmail(confirmation!.html, "/changement-email"))).toBe("taken");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
  });

  it("is cancelled by a password reset, as the notice promises", async () => {
    const user = await createUser();
    const newEmail = freshAddress();
    await requestEmailChange({ userId: user.id, password: PASSWORD, newEmail }, freshClient());
    const [confirmation] = await emailsTo(newEmail);
    const request = await requestPasswordReset(user.email, freshClient(), "fr");
    await request.delivery();
    const reset = (await emailsTo(user.email)).find((email) => email.template === "reset-password")!;
    await resetPasswordByToken(tokenFromEmail(reset.html, "/reinitialisation"), "Quartz-Nuage-Pomme-84", freshClient());
    expect(await confirmEmailChangeByToken(tokenFromEmail(confirmation!.html, "/changement-email"))).toBe("invalid");
  });
});
