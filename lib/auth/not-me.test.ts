import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser, emailsTo, freshClient, openSession, PASSWORD, tokenFromEmail } from "@/lib/testing/factories";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { addPasskey, passkeySignIn as signInWith } from "@/lib/testing/passkeys";
import { authenticate } from "./authenticate";
import { requestEmailChange } from "./email-change";
import { isLivePasskeyNotMeLink, secureAccountByNotMeToken as secureAccountByToken, secureAccountByPasskeyNotMeToken } from "./not-me";
import { startPasskeyRegistration } from "./passkeys/registration";
import { findResetAccount, resetPasswordByToken } from "./recovery";

// The hostile probe's sequence (round 2, finding 1): a thief who has the
// password signs in (alert 1), adds a passkey, signs in with it from another
// browser (alert 2); the owner presses the latest alert's button. Whatever
// the thief set up must stop working.

const ALERT = "Nouvelle connexion à votre compte";
const thiefBrowser = () => ({
  ip: `192.0.2.${Math.floor(Math.random() * 200)}`,
  userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
});

const passkeySignIn = (authenticator: SoftwareAuthenticator) => signInWith(authenticator, thiefBrowser());
const alerts = async (email: string) => (await emailsTo(email)).filter((email) => email.subject === ALERT);

describe("“Ce n’était pas moi” ends the thief's access, whatever the thief set up", () => {
  it("replays the probe: the passkey planted before the reported sign-in, the old password and the pending email change all stop working", async () => {
    const user = await createUser();
    const owners = new SoftwareAuthenticator();
    await addPasskey(user.id, owners);
    // The owner's own passkey, added long ago, is not the thief's.
    await db.passkey.updateMany({ where: { userId: user.id }, data: { createdAt: new Date(Date.now() - 400 * 86_400_000) } });

    const first = await authenticate({ identifier: user.email, password: PASSWORD }, thiefBrowser());
    expect(first.ok).toBe(true);
    const planted = new SoftwareAuthenticator();
    await addPasskey(user.id, planted);
    expect((await passkeySignIn(planted)).ok).toBe(true);
    expect(
      (await requestEmailChange({ userId: user.id, password: PASSWORD, newEmail: `thief-${user.id}@example.test` }, thiefBrowser())).ok,
    ).toBe(true);
    const sent = await alerts(user.email);
    expect(sent).toHaveLength(2);

    const latest = tokenFromEmail(sent[1]!.html, "/ce-n-etait-pas-moi");
    expect(await secureAccountByToken(latest, freshClient())).toBeTruthy();

    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.knownDevice.count({ where: { userId: user.id } })).toBe(0);
    expect((await passkeySignIn(planted)).ok).toBe(false);
    expect((await passkeySignIn(owners)).ok).toBe(true);
    expect(await db.token.count({ where: { userId: user.id, purpose: "email_change", usedAt: null } })).toBe(0);
    // The password the thief knows no longer opens anything, and does not lock the owner out either.
    const again = await authenticate({ identifier: user.email, password: PASSWORD }, thiefBrowser());
    expect(again).toMatchObject({ ok: false, code: "invalidCredentials" });
    expect(await db.lockPath.count({ where: { userId: user.id, failedAttempts: { gt: 0 } } })).toBe(0);

    // The owner got a reset link at once; a new password works, the thief's passkey stays gone.
    const resetEmail = (await emailsTo(user.email, "reset-password")).at(-1);
    const reset = tokenFromEmail(resetEmail!.html, "/reinitialisation");
    expect(await findResetAccount(reset)).toMatchObject({ email: user.email });
    expect(await resetPasswordByToken(reset, "Orage-Pivoine-Cobalt-58", freshClient())).toEqual({ ok: true });
    expect((await authenticate({ identifier: user.email, password: "Orage-Pivoine-Cobalt-58" }, freshClient())).ok).toBe(true);
    expect((await passkeySignIn(planted)).ok).toBe(false);
  });

  it("the oldest alert's link does the same: the window is NOT_ME_TOKEN_TTL_DAYS, not the reported sign-in", async () => {
    const user = await createUser();
    await openSession(user.id, freshClient());
    const planted = new SoftwareAuthenticator();
    await addPasskey(user.id, planted);
    await authenticate({ identifier: user.email, password: PASSWORD }, thiefBrowser());
    const [alert] = await alerts(user.email);
    expect(await secureAccountByToken(tokenFromEmail(alert!.html, "/ce-n-etait-pas-moi"), freshClient())).toBeTruthy();
    expect((await passkeySignIn(planted)).ok).toBe(false);
  });

  it("the passkey-added email's own link removes that passkey and does the same, once; a registration in progress cannot finish after it", async () => {
    const user = await createUser();
    await openSession(user.id, freshClient());
    const planted = new SoftwareAuthenticator();
    const passkeyId = await addPasskey(user.id, planted);
    // Named by the link, it goes even if the window no longer covers it.
    await db.passkey.update({ where: { id: passkeyId }, data: { createdAt: new Date(Date.now() - 400 * 86_400_000) } });
    const notice = (await emailsTo(user.email, "passkey-notice")).at(-1)!;
    expect(notice.text).toContain("Ce n’était pas moi");
    const token = tokenFromEmail(notice.html, "/cle-d-acces-inconnue");
    const pending = await startPasskeyRegistration(user.id, PASSWORD, freshClient());
    expect(pending.ok).toBe(true);

    expect(await isLivePasskeyNotMeLink(token)).toBe(true);
    expect(await isLivePasskeyNotMeLink(token)).toBe(true);
    const undone = await secureAccountByPasskeyNotMeToken(token, freshClient());
    expect(undone?.counts).toMatchObject({ sessions: 1, passkeys: 1 });
    expect((await passkeySignIn(planted)).ok).toBe(false);
    expect(await db.passkeyChallenge.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await authenticate({ identifier: user.email, password: PASSWORD }, freshClient())).ok).toBe(false);
    expect(await emailsTo(user.email, "reset-password")).toHaveLength(1);
    expect(await secureAccountByPasskeyNotMeToken(token, freshClient())).toBeNull();
    expect(await isLivePasskeyNotMeLink(token)).toBe(false);
    // Each link is of its own flow.
    expect(await secureAccountByToken(token, freshClient())).toBeNull();
  });

  it("two presses of one link at the same moment undo once", async () => {
    const user = await createUser();
    await authenticate({ identifier: user.email, password: PASSWORD }, thiefBrowser());
    const token = tokenFromEmail((await alerts(user.email))[0]!.html, "/ce-n-etait-pas-moi");
    const results = await Promise.all([secureAccountByToken(token, freshClient()), secureAccountByToken(token, freshClient())]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await emailsTo(user.email, "reset-password")).toHaveLength(1);
  });
});
