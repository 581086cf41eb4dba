import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { emailsTo, freshClient, lockState, PASSWORD, tokenFromEmail } from "@/lib/testing/factories";
import { authenticate } from "./authenticate";
import { confirmAccountByToken, openConfirmationLink } from "./confirmation";
import { requestPasswordReset, resetPasswordByToken } from "./recovery";
import { registerAccount } from "./registration";
import { readSignUpBrowserCookie, signUpBrowserCookie } from "./sign-up-browser";

// Pre-created accounts (hostile probe, round 2, finding 3): a stranger signs
// up with someone else's address and their own password; the address's owner
// presses the confirmation button. Before, that confirmed the stranger's
// account (with an agent's address, the stranger got /support).

let counter = 0;
async function preCreated(email = `agent-${Date.now().toString(36)}${++counter}@example.test`) {
  const pseudo = `Stranger_${Date.now().toString(36)}${++counter}`;
  const result = await registerAccount({ pseudo, email, password: PASSWORD, passwordConfirmation: PASSWORD }, "fr", freshClient());
  if (!result.ok) throw new Error(result.code);
  const [email0] = await emailsTo(email, "confirm-account");
  return { userId: result.userId, pseudo, email, token: tokenFromEmail(email0!.html, "/confirmation") };
}

describe("the confirmation link of an account created by someone else", () => {
  it("replays the probe: the address's owner presses the button in their own browser, and the stranger's account stays unconfirmed", async () => {
    const stranger = await preCreated();
    // The owner's browser is not the one that signed up: it holds no sign-up cookie.
    expect(await openConfirmationLink(stranger.token, null)).toEqual({ state: "live", pseudo: stranger.pseudo, sameBrowser: false });
    expect(await confirmAccountByToken(stranger.token, freshClient(), { signUpBrowser: null })).toMatchObject({ code: "wrongPassword" });
    expect(
      await confirmAccountByToken(stranger.token, freshClient(), { signUpBrowser: null, password: "not the stranger's" }),
    ).toMatchObject({
      code: "wrongPassword",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: stranger.userId } })).emailVerified).toBeNull();
    expect(await authenticate({ identifier: stranger.email, password: PASSWORD }, freshClient())).toMatchObject({
      ok: false,
      code: "unconfirmed",
    });

    // "Vous n'avez pas créé ce compte ?": the reset confirms the address and replaces the stranger's password.
    await (await requestPasswordReset(stranger.email, freshClient(), "fr")).delivery();
    const reset = tokenFromEmail((await emailsTo(stranger.email, "reset-password"))[0]!.html, "/reinitialisation");
    expect(await resetPasswordByToken(reset, "Orage-Pivoine-Cobalt-58", freshClient())).toEqual({ ok: true });
    expect(await authenticate({ identifier: stranger.email, password: PASSWORD }, freshClient())).toMatchObject({ ok: false });
    expect((await authenticate({ identifier: stranger.email, password: "Orage-Pivoine-Cobalt-58" }, freshClient())).ok).toBe(true);
  });

  it("confirms at once in the browser that signed up, and elsewhere with the account's password", async () => {
    const own = await preCreated();
    const cookie = readSignUpBrowserCookie(signUpBrowserCookie(own.userId).value);
    expect(await openConfirmationLink(own.token, cookie)).toEqual({ state: "live", pseudo: own.pseudo, sameBrowser: true });
    expect(await confirmAccountByToken(own.token, freshClient(), { signUpBrowser: cookie })).toBe("confirmed");

    const elsewhere = await preCreated();
    // Another account's sign-up cookie proves nothing for this one.
    expect(await confirmAccountByToken(elsewhere.token, freshClient(), { signUpBrowser: own.userId })).toMatchObject({
      code: "wrongPassword",
    });
    expect(await confirmAccountByToken(elsewhere.token, freshClient(), { signUpBrowser: null, password: PASSWORD })).toBe("confirmed");
    expect(await openConfirmationLink(elsewhere.token, null)).toEqual({ state: "alreadyConfirmed" });
  });

  it("counts wrong passwords as the sign-in does: the lock comes at LOCKOUT_MAX_ATTEMPTS, and then even the right one is refused", async () => {
    const stranger = await preCreated();
    const max = env().LOCKOUT_MAX_ATTEMPTS;
    for (let attempt = 1; attempt < max; attempt++)
      await confirmAccountByToken(stranger.token, freshClient(), { signUpBrowser: null, password: `guess-${attempt}` });
    expect((await lockState(stranger.userId)).failedAttempts).toBe(max - 1);
    expect(await confirmAccountByToken(stranger.token, freshClient(), { signUpBrowser: null, password: "last guess" })).toMatchObject({
      code: "locked",
    });
    expect(await confirmAccountByToken(stranger.token, freshClient(), { signUpBrowser: null, password: PASSWORD })).toMatchObject({
      code: "locked",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: stranger.userId } })).emailVerified).toBeNull();
  });

  it("refuses a forged or expired sign-up cookie", () => {
    const value = signUpBrowserCookie("6f1c1a36-5a0d-4f7e-9a43-1d2f8a9b0c11").value;
    expect(readSignUpBrowserCookie(value)).toBe("6f1c1a36-5a0d-4f7e-9a43-1d2f8a9b0c11");
    expect(readSignUpBrowserCookie(value.replace("6f1c", "7f1c"))).toBeNull();
    expect(readSignUpBrowserCookie(`${value.slice(0, -2)}xx`)).toBeNull();
    expect(readSignUpBrowserCookie(undefined)).toBeNull();
  });
});
