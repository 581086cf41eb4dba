import { test, expect, type Browser, type CDPSession, type Page } from "@playwright/test";
import { signIn, virtualAuthenticator } from "../fixtures";
import { apiContext, confirmedAccount, emailedLink, french, postCredentials, postForm, resendState, signUpAs, sql } from "./stage";
import { resendEvent, signedWebhook } from "../../lib/testing/webhooks";
import { hostileURL } from "../../playwright.config";

// The hostile probe's three takeover sequences (round 2), replayed end to end
// against the production build, each as the probe ran it:
//   1. a thief who has the password plants a passkey, signs in with it from
//      another browser, and the owner presses the latest alert's button;
//   2. a stranger's stale "Corriger l'adresse" handle, replayed once a victim
//      has signed up with the address the stranger corrected away;
//   3. a stranger pre-creates an account with a support agent's address, and
//      the agent presses the confirmation button in their own browser.

test.describe.configure({ mode: "serial" });

const PASSWORD = "Givre-Tulipe-Kayak-73";
const NEW_PASSWORD = "Ortie-Galet-Brume-58";
const stamp = Date.now().toString(36);
const WEBHOOK_SECRET = "whsec_ZTJlLWhvc3RpbGUtd2ViaG9vay1zZWNyZXQtMDEyMzQ1";
// In the stage's SUPPORT_STAFF (scripts/e2e-hostile-server.mjs), and signed up by nobody before this spec.
const AGENT_ADDRESS = "precreated-agent@example.test";

// --- a browser with a passkey provider -------------------------------------------

/** A fresh browser whose passkey provider is Chromium's virtual authenticator, without autofill (its button is pressed). */
async function browserWithAuthenticator(browser: Browser): Promise<{ page: Page; cdp: CDPSession; authenticatorId: string }> {
  const context = await browser.newContext({ baseURL: hostileURL, locale: "fr-FR" });
  const page = await context.newPage();
  await page.addInitScript(() => {
    Object.defineProperty(PublicKeyCredential, "isConditionalMediationAvailable", { value: async () => false });
  });
  return { page, ...(await virtualAuthenticator(page)) };
}

const alertsTo = async (address: string) =>
  (await resendState()).emails.filter((email) => email.to === address && /Nouvelle connexion/.test(email.subject)).length;

test("1. the thief's passkey, planted before the sign-in the owner reports, stops working with the rest, and a reset does not bring it back", async ({
  browser,
}) => {
  const owner = await apiContext();
  const account = await confirmedAccount(owner, `owner${stamp}`, PASSWORD);

  // The thief has the password: signs in (alert 1) and adds a passkey, which needs only that password.
  const thiefA = await browserWithAuthenticator(browser);
  await signIn(thiefA.page, account.email, PASSWORD);
  await expect(thiefA.page).toHaveURL(/\/compte$/);
  const section = thiefA.page.getByRole("region", { name: "Clés d’accès" });
  await section.getByLabel("Mot de passe actuel").fill(PASSWORD);
  await section.getByRole("button", { name: "Ajouter une clé d’accès" }).click();
  await expect(section.getByText("La clé d’accès a été ajoutée.")).toBeVisible();
  const {
    credentials: [credential],
  } = await thiefA.cdp.send("WebAuthn.getCredentials", { authenticatorId: thiefA.authenticatorId });

  // From another browser, with the same passkey: signed in without the password (alert 2).
  const alertsBefore = await alertsTo(account.email);
  const thiefB = await browserWithAuthenticator(browser);
  await thiefB.cdp.send("WebAuthn.addCredential", { authenticatorId: thiefB.authenticatorId, credential: credential! });
  await thiefB.page.goto("/connexion");
  await thiefB.page.getByRole("button", { name: "Se connecter avec une clé d’accès" }).click();
  await expect(thiefB.page).toHaveURL(/\/compte$/);
  await expect.poll(() => alertsTo(account.email)).toBe(alertsBefore + 1);

  // The owner presses the latest alert's button: the one about the passkey sign-in.
  const notMe = await emailedLink(account.email, "/ce-n-etait-pas-moi/");
  const secured = await postForm(owner, notMe, {}, "token");
  expect(secured.status).toBe(200);
  expect(secured.text).toContain(french("notMe.doneTitle"));
  expect(await sql("SELECT 1 FROM passkeys WHERE user_id = $1", [account.id])).toHaveLength(0);

  // Both of the thief's browsers are out, and the passkey no longer signs in.
  for (const thief of [thiefA, thiefB]) {
    await thief.page.goto("/compte");
    await expect(thief.page).toHaveURL(/\/connexion/);
  }
  const refusedPasskey = "Cette clé d’accès n’a pas permis de vous connecter.";
  await thiefB.page.getByRole("button", { name: "Se connecter avec une clé d’accès" }).click();
  await expect(thiefB.page.getByRole("alert").filter({ hasText: refusedPasskey })).toBeVisible();
  // Nor does the old password, which the button made unusable.
  await signIn(thiefA.page, account.email, PASSWORD);
  await expect(thiefA.page.getByText("Email, pseudo ou mot de passe incorrect.")).toBeVisible();

  // The owner sets a new password through the reset link the button sent: the passkey stays gone.
  const reset = await emailedLink(account.email, "/reinitialisation/");
  const changedPassword = await postForm(owner, reset, { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, "password");
  expect(changedPassword.location ?? "").toContain("notice=passwordChanged");
  await thiefB.page.goto("/connexion");
  await thiefB.page.getByRole("button", { name: "Se connecter avec une clé d’accès" }).click();
  await expect(thiefB.page.getByRole("alert").filter({ hasText: refusedPasskey })).toBeVisible();
  await expect(thiefB.page).toHaveURL(/\/connexion/);
  const ownerAgain = await apiContext();
  expect((await postCredentials(ownerAgain, account.email, NEW_PASSWORD)).location ?? "").not.toContain("error");
  await Promise.all([thiefA.page.context().close(), thiefB.page.context().close(), owner.dispose(), ownerAgain.dispose()]);
});

/** The sign-up's confirmation email to `address`, once Resend took it. */
async function confirmationTo(address: string): Promise<{ id: string; providerId: string }> {
  let row: { id: string; provider_id: string | null } | undefined;
  await expect
    .poll(async () => {
      [row] = await sql<{ id: string; provider_id: string | null }>(
        `SELECT id, provider_id FROM outbox_emails WHERE "to" = $1 AND template = 'confirm-account' ORDER BY created_at DESC LIMIT 1`,
        [address],
      );
      return row?.provider_id ?? null;
    })
    .not.toBeNull();
  return { id: row!.id, providerId: row!.provider_id! };
}

test("2. a stale 'Corriger l'adresse' handle cannot move an account signed up later with the address it named", async () => {
  const contested = `contested${stamp}@example.test`;
  const strangerOwn = `stranger${stamp}@example.test`;
  const strangerOther = `stranger2${stamp}@example.test`;
  const stranger = await apiContext();
  const signedUp = await signUpAs(stranger, { pseudo: `stranger${stamp}`, email: contested }, PASSWORD);
  expect(signedUp.text).toContain(french("notices.signedUp"));
  const bounced = await confirmationTo(contested);
  const bounce = signedWebhook(
    WEBHOOK_SECRET,
    resendEvent("email.bounced", bounced.providerId, {
      bounce: { type: "Permanent", subType: "General", message: "550 5.1.1 user unknown" },
    }),
  );
  const webhook = await fetch(`${hostileURL}/api/webhooks/resend`, { method: "POST", body: bounce.body, headers: bounce.headers });
  expect(await webhook.json()).toEqual({ outcome: "applied" });

  // The stranger keeps the handle, then corrects their own account away from the address.
  const staleHandle = await stranger.storageState();
  const corrected = await postForm(stranger, "/suivi-email", { email: strangerOwn });
  // Without JavaScript the page shows the corrected address's new status (the notice is the form's).
  expect(corrected.status).toBeLessThan(400);
  expect(await sql(`SELECT 1 FROM users WHERE pseudo = $1 AND email = $2`, [`stranger${stamp}`, strangerOwn])).toHaveLength(1);

  // The address's owner signs up with it.
  const victim = await apiContext();
  const victimSignUp = await signUpAs(victim, { pseudo: `victim${stamp}`, email: contested }, PASSWORD);
  expect(victimSignUp.text).toContain(french("notices.signedUp"));
  const [victimRow] = await sql<{ id: string }>("SELECT id FROM users WHERE email = $1", [contested]);

  // The stale handle still shows the bounce, but its correction moves nothing.
  const replay = await apiContext(staleHandle);
  const replayed = await postForm(replay, "/suivi-email", { email: strangerOther });
  expect(replayed.text).not.toContain(french("emailStatus.corrected"));
  expect(replayed.text).toContain(french("errors.invalidLink"));
  expect(await sql("SELECT email FROM users WHERE id = $1", [victimRow!.id])).toEqual([{ email: contested }]);
  expect(await sql("SELECT 1 FROM users WHERE email = $1", [strangerOther])).toHaveLength(0);
  expect(await sql(`SELECT 1 FROM outbox_emails WHERE "to" = $1`, [strangerOther])).toHaveLength(0);
  await Promise.all([stranger.dispose(), victim.dispose(), replay.dispose()]);
});

test("3. an account a stranger pre-created with an agent's address stays unconfirmed when the agent presses the button, and never reaches /support", async () => {
  const strangerPassword = "Intrus-Chaton-Velo-41";
  const stranger = await apiContext();
  const signedUp = await signUpAs(stranger, { pseudo: `intrus${stamp}`, email: AGENT_ADDRESS }, strangerPassword);
  expect(signedUp.text).toContain(french("notices.signedUp"));
  const [account] = await sql<{ id: string }>("SELECT id FROM users WHERE email = $1", [AGENT_ADDRESS]);

  // The agent opens the link in their own browser: the page names the account and asks its password.
  const agent = await apiContext();
  const link = await emailedLink(AGENT_ADDRESS, "/confirmation/");
  const page = await agent.get(link);
  expect(page.status()).toBe(200);
  const html = await page.text();
  expect(html).toContain(`intrus${stamp}`);
  expect(html).toContain('name="password"');
  expect(html).toContain("/mot-de-passe-oublie");
  // The agent's own password does not confirm the stranger's account, nor does pressing without one.
  const withOwnPassword = await postForm(agent, link, { password: NEW_PASSWORD }, "token");
  expect(withOwnPassword.text).toContain(french("errors.invalidCredentials"));
  const withoutPassword = await postForm(agent, link, { password: "" }, "token");
  expect(withoutPassword.location ?? "").not.toContain("notice=confirmed");
  expect(await sql("SELECT email_verified FROM users WHERE id = $1", [account!.id])).toEqual([{ email_verified: null }]);

  // The stranger cannot sign in, so never reaches the console.
  expect((await postCredentials(stranger, AGENT_ADDRESS, strangerPassword)).location ?? "").toContain("error");
  expect((await stranger.get("/support")).status()).toBe(404);

  // "Vous n'avez pas créé ce compte ?": the agent's own password, through the reset, confirms the address.
  await postForm(agent, "/mot-de-passe-oublie", { email: AGENT_ADDRESS });
  const reset = await emailedLink(AGENT_ADDRESS, "/reinitialisation/");
  const chosen = await postForm(agent, reset, { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, "password");
  expect(chosen.location ?? "").toContain("notice=passwordChanged");
  expect((await postCredentials(stranger, AGENT_ADDRESS, strangerPassword)).location ?? "").toContain("error");
  expect((await stranger.get("/support")).status()).toBe(404);
  expect((await postCredentials(agent, AGENT_ADDRESS, NEW_PASSWORD)).location ?? "").not.toContain("error");
  expect((await agent.get("/support")).status()).toBe(200);
  await Promise.all([stranger.dispose(), agent.dispose()]);
});
