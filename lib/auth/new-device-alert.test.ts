import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser, emailsTo, freshClient, openSession, PASSWORD, tokenFromEmail } from "@/lib/testing/factories";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { authenticate, authenticateWithPasskey } from "./authenticate";
import { readDeviceCookie } from "./known-device";
import { isLiveNotMeLink } from "./new-device-alert";
import { secureAccountByNotMeToken } from "./not-me";
import { startPasskeySignIn } from "./passkeys/assertion";
import { readChallengeCookie } from "./passkeys/challenges";
import { finishPasskeyRegistration, startPasskeyRegistration } from "./passkeys/registration";
import { findResetAccount } from "./recovery";

const SUBJECT = "Nouvelle connexion à votre compte";
const alerts = async (email: string) => (await emailsTo(email)).filter((email) => email.subject === SUBJECT);

async function addPasskey(userId: string, authenticator: SoftwareAuthenticator) {
  const client = freshClient();
  const start = await startPasskeyRegistration(userId, PASSWORD, client);
  if (!start.ok) throw new Error("refused");
  const done = await finishPasskeyRegistration(
    userId,
    JSON.stringify(authenticator.register(start.options)),
    readChallengeCookie(start.cookie.value),
    client,
  );
  if (!done.ok) throw new Error(done.code);
}

async function passkeySignIn(authenticator: SoftwareAuthenticator, deviceToken?: string) {
  const client = {
    ip: "192.0.2.44",
    userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15",
  };
  const start = await startPasskeySignIn(client);
  if (!start.ok) throw new Error("rate limited");
  return authenticateWithPasskey(
    JSON.stringify(authenticator.assert(start.options)),
    readChallengeCookie(start.cookie.value),
    client,
    deviceToken,
  );
}

describe("the new-device alert", () => {
  it("emails when, the approximate device and the address for a password sign-in from a new browser; none from a known one", async () => {
    const user = await createUser();
    const client = { ip: "203.0.113.9", userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0" };
    const first = await authenticate({ identifier: user.email, password: PASSWORD }, client);
    if (!first.ok) throw new Error(first.code);
    const [alert, ...more] = await alerts(user.email);
    expect(more).toHaveLength(0);
    expect(alert!.text).toContain("Firefox · Windows");
    expect(alert!.text).toContain("203.0.113.9");
    expect(alert!.text).toContain("Ce n’était pas moi");

    const known = readDeviceCookie(first.deviceCookie!.value);
    expect((await authenticate({ identifier: user.email, password: PASSWORD }, client, known)).ok).toBe(true);
    expect(await alerts(user.email)).toHaveLength(1);
  });

  it("emails for a passkey sign-in from a new browser; none from a known one", async () => {
    const user = await createUser();
    const authenticator = new SoftwareAuthenticator();
    await addPasskey(user.id, authenticator);
    const first = await passkeySignIn(authenticator);
    if (!first.ok) throw new Error(first.code);
    const [alert] = await alerts(user.email);
    expect(alert!.text).toContain("Safari · macOS");
    expect((await passkeySignIn(authenticator, readDeviceCookie(first.deviceCookie!.value))).ok).toBe(true);
    expect(await alerts(user.email)).toHaveLength(1);
  });

  it("sends nothing for a refused sign-in", async () => {
    const user = await createUser();
    await authenticate({ identifier: user.email, password: "not the password" }, freshClient());
    await authenticate({ identifier: user.email, password: PASSWORD }, freshClient(), "a".repeat(43));
    expect(await alerts(user.email)).toHaveLength(1);
    const unconfirmed = await createUser({ confirmed: false });
    await authenticate({ identifier: unconfirmed.email, password: PASSWORD }, freshClient());
    expect(await alerts(unconfirmed.email)).toHaveLength(0);
  });

  it("“Ce n’était pas moi” ends every session, forgets every browser, removes recent passkeys, and emails a reset link, once", async () => {
    const user = await createUser();
    const before = new SoftwareAuthenticator();
    await addPasskey(user.id, before);
    await openSession(user.id, freshClient());
    const intruder = await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    if (!intruder.ok) throw new Error(intruder.code);
    const planted = new SoftwareAuthenticator();
    await addPasskey(user.id, planted);
    const token = tokenFromEmail((await alerts(user.email))[0]!.html, "/ce-n-etait-pas-moi");

    expect(await isLiveNotMeLink(token)).toBe(true);
    // Opening the page does not use the link up.
    expect(await isLiveNotMeLink(token)).toBe(true);
    const undone = await secureAccountByNotMeToken(token, freshClient());
    expect(undone?.counts).toMatchObject({ sessions: 2, knownBrowsers: 1, passkeys: 2 });
    const reset = tokenFromEmail((await emailsTo(user.email, "reset-password"))[0]!.html, "/reinitialisation");
    expect(await findResetAccount(reset)).toMatchObject({ email: user.email });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.knownDevice.count({ where: { userId: user.id } })).toBe(0);
    // Both were added within NOT_ME_TOKEN_TTL_DAYS: the owner's recent one goes too, and the page says so.
    expect((await passkeySignIn(planted)).ok).toBe(false);
    expect((await passkeySignIn(before)).ok).toBe(false);
    expect(await secureAccountByNotMeToken(token, freshClient())).toBeNull();
    expect(await isLiveNotMeLink(token)).toBe(false);
  });

  it("keeps each alert's link working when a later alert is sent", async () => {
    const user = await createUser();
    await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    const links = (await alerts(user.email)).map((email) => tokenFromEmail(email.html, "/ce-n-etait-pas-moi"));
    expect(links).toHaveLength(2);
    expect(await Promise.all(links.map(isLiveNotMeLink))).toEqual([true, true]);
  });
});
