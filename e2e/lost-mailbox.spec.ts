import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { createUser, expect, Mailbox, PASSWORD, signIn, test, uniqueUser, virtualAuthenticator } from "./fixtures";

// "J'ai perdu l'accès à mon adresse email" (lib/auth/lost-mailbox.ts): a
// stranger's request cancelled by the owner, the owner's own taking effect at
// once, and one without the password reviewed by an agent and applied when
// its wait is over.

const ANSWER = "Si un compte correspond, nous avons envoyé un lien à votre nouvelle adresse. Ouvrez-le pour confirmer la demande.";
const NEW_PASSWORD = "Quartz-Nuage-Pomme-84";
const AGENT = { pseudo: "supportagent", email: "supportagent@example.test" };

async function requestRecovery(page: Page, identifier: string, newEmail: string, password?: string) {
  await page.goto("/connexion");
  await page.getByRole("link", { name: "J’ai perdu l’accès à mon adresse email" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Récupérer mon compte sans mon adresse email" })).toBeVisible();
  await page.getByLabel("Email ou pseudo").fill(identifier);
  await page.getByLabel("Nouvelle adresse email").fill(newEmail);
  if (password) await page.getByLabel("Mot de passe (si vous vous en souvenez)").fill(password);
  await page.getByRole("button", { name: "Envoyer la demande" }).click();
  await expect(page.getByText(ANSWER)).toBeVisible();
}

async function confirmFromNewAddress(page: Page, mailbox: Mailbox, newEmail: string) {
  const email = await mailbox.latest(newEmail, /Confirmez votre demande de récupération/);
  await page.goto(Mailbox.link(email, "/demande-de-recuperation/"));
  await page.getByRole("button", { name: "Confirmer la demande" }).click();
}

test("a stranger with the password, from a new browser: the owner is told on the old address and cancels there; nothing changes", async ({
  page,
  mailbox,
  request,
  browser,
}) => {
  const user = await createUser(request);
  const strangerAddress = uniqueUser("intrus").email;
  const stranger = await (await browser.newContext()).newPage();
  await requestRecovery(stranger, user.email, strangerAddress, PASSWORD);
  await confirmFromNewAddress(stranger, mailbox, strangerAddress);
  await expect(stranger.getByText("Votre demande de récupération est confirmée.", { exact: false })).toBeVisible();

  const notice = await mailbox.latest(user.email, /Une demande de récupération de votre compte Sésame a été faite/);
  expect(notice.text).toMatch(/adresse IP/);
  await page.goto(Mailbox.link(notice, "/annulation-recuperation/"));
  await page.getByRole("button", { name: "Annuler cette demande" }).click();
  await expect(page.getByText("La demande de récupération a été annulée.")).toBeVisible();

  // Past the delay, nothing: the account keeps its address and its password.
  expect((await request.post("/api/test/users/recovery", { data: { email: user.email } })).status()).toBe(404);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  await expect(page.getByText("Une demande de récupération est en cours.", { exact: false })).toHaveCount(0);
});

test("the owner, from a known browser with the password: the account moves to the new address at once", async ({
  page,
  mailbox,
  request,
}) => {
  const user = await createUser(request);
  const newEmail = uniqueUser("nouvelle").email;
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);

  await requestRecovery(page, user.pseudo, newEmail, PASSWORD);
  await confirmFromNewAddress(page, mailbox, newEmail);
  await expect(page.getByText("Votre compte utilise désormais votre nouvelle adresse email.", { exact: false })).toBeVisible();
  await mailbox.latest(user.email, /L’adresse de votre compte Sésame a été changée/);

  await signIn(page, newEmail, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  await expect(page.getByText(newEmail)).toBeVisible();
});

test("the owner, from a new browser with the password and one of the account's passkeys: the account moves at once", async ({
  page,
  mailbox,
  request,
}) => {
  // Chromium's virtual authenticator answers /connexion's passkey autofill by itself: this browser offers none.
  await page.addInitScript(() => {
    Object.defineProperty(PublicKeyCredential, "isConditionalMediationAvailable", { value: async () => false });
  });
  const user = await createUser(request);
  const newEmail = uniqueUser("nouvelle").email;
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  await virtualAuthenticator(page);
  const passkeys = page.getByRole("region", { name: "Clés d’accès" });
  await passkeys.getByLabel("Mot de passe actuel").fill(PASSWORD);
  await passkeys.getByRole("button", { name: "Ajouter une clé d’accès" }).click();
  await expect(passkeys.getByText("La clé d’accès a été ajoutée.")).toBeVisible();
  // Now a browser the account does not know: the authenticator keeps the passkey, the cookies are gone.
  await page.context().clearCookies();

  await page.goto("/acces-perdu");
  await page.getByLabel("Email ou pseudo").fill(user.pseudo);
  await page.getByLabel("Nouvelle adresse email").fill(newEmail);
  await page.getByLabel("Mot de passe (si vous vous en souvenez)").fill(PASSWORD);
  await page.getByRole("button", { name: "Prouver avec une clé d’accès" }).click();
  await expect(page.getByText("Votre clé d’accès accompagnera la demande.")).toBeVisible();
  await page.getByRole("button", { name: "Envoyer la demande" }).click();
  await expect(page.getByText(ANSWER)).toBeVisible();
  await confirmFromNewAddress(page, mailbox, newEmail);
  await expect(page.getByText("Votre compte utilise désormais votre nouvelle adresse email.", { exact: false })).toBeVisible();
});

async function agentPage(browser: Browser, request: APIRequestContext): Promise<Page> {
  const page = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  const made = await request.post("/api/test/users", { data: { pseudo: AGENT.pseudo, password: PASSWORD } });
  expect([201, 409], "the agent exists").toContain(made.status());
  await signIn(page, AGENT.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  return page;
}

test("without the password: an agent sees the evidence, approves with a reason, the job applies it after the delay, the user sets a password", async ({
  page,
  mailbox,
  request,
  browser,
}) => {
  // Four browsers, two emailed links, the console and a reset: a long journey.
  test.slow();
  const user = await createUser(request);
  const newEmail = uniqueUser("sanspasse").email;
  await requestRecovery(page, user.email, newEmail);
  await confirmFromNewAddress(page, mailbox, newEmail);
  await expect(page.getByText("Votre demande de récupération est confirmée.", { exact: false })).toBeVisible();

  // The owner's own account page shows it, with the same cancel button.
  const owner = await (await browser.newContext()).newPage();
  await signIn(owner, user.email, PASSWORD);
  await expect(owner.getByText("Une demande de récupération est en cours. Elle prendra effet le", { exact: false })).toBeVisible();
  await expect(owner.getByRole("button", { name: "Annuler cette demande" })).toBeVisible();

  const agent = await agentPage(browser, request);
  await agent.goto("/support/recuperations");
  await expect(agent.getByRole("heading", { level: 1, name: "Demandes de récupération" })).toBeVisible();
  const card = agent.getByRole("article", { name: `Compte « ${user.pseudo} »` });
  await expect(card).toContainText("Adresse email perdue (nouvelle adresse)");
  await expect(card).toContainText("Mot de passe correct");
  await expect(card).toContainText("Navigateur connu");
  await expect(card).toContainText("Clé d’accès");
  await expect(card).toContainText("Adresse IP déjà vue");
  await expect(card).toContainText("En attente d’approbation");
  await card.getByLabel("Motif").fill("Identité vérifiée par téléphone");
  await card.getByRole("button", { name: "Approuver la demande" }).click();
  await expect(agent.getByRole("status").filter({ hasText: "Action effectuée." })).toBeVisible();
  await expect(agent.getByRole("article", { name: `Compte « ${user.pseudo} »` })).toContainText("Approuvée");

  // Approved, it still waits: nothing changed yet. Then the delay passes and the job runs.
  expect((await request.post("/api/test/users/recovery", { data: { email: user.email } })).status()).toBe(204);
  const reset = await mailbox.latest(newEmail, /nouveau mot de passe/);
  await mailbox.latest(user.email, /L’adresse de votre compte Sésame a été changée/);
  await page.goto(Mailbox.link(reset, "/reinitialisation/"));
  await page.getByLabel("Nouveau mot de passe").fill(NEW_PASSWORD);
  await page.getByLabel("Confirmez le mot de passe").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Changer mon mot de passe" }).click();
  await expect(page).toHaveURL(/\/connexion\?notice=passwordChanged/);
  await signIn(page, newEmail, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
});
