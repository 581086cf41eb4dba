import type { BrowserContext, Page } from "@playwright/test";
import { axeViolations } from "./axe";
import { createUser, expect, lockAccount, Mailbox, PASSWORD, signIn, test, virtualAuthenticator } from "./fixtures";

// Chromium's virtual authenticator (e2e/fixtures.ts) plays the passkey
// provider. WebAuthn needs a host name: the base URL is localhost.

const NEW_DEVICE = /Nouvelle connexion à votre compte/;
const alerts = async (mailbox: Mailbox, email: string) => (await mailbox.list(email)).filter((item) => NEW_DEVICE.test(item.subject));

async function addPasskey(page: Page) {
  const section = page.getByRole("region", { name: "Clés d’accès" });
  await section.getByLabel("Mot de passe actuel").fill(PASSWORD);
  await section.getByRole("button", { name: "Ajouter une clé d’accès" }).click();
  await expect(section.getByText("La clé d’accès a été ajoutée.")).toBeVisible();
  return section;
}

test("a passkey added on /compte signs in, still does while the password path is locked, and no longer once deleted", async ({
  page,
  mailbox,
  browser,
  request,
}) => {
  // Chromium's virtual authenticator answers an autofill (conditional) request at once, which would
  // sign this page in before its button is pressed: here it plays a browser without passkey autofill.
  await page.addInitScript(() => {
    Object.defineProperty(PublicKeyCredential, "isConditionalMediationAvailable", { value: async () => false });
  });
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  const { cdp, authenticatorId } = await virtualAuthenticator(page);

  const section = page.getByRole("region", { name: "Clés d’accès" });
  await expect(section.getByText("Aucune clé d’accès pour l’instant.")).toBeVisible();
  // The current password first, with the same refusal as a password change.
  await section.getByLabel("Mot de passe actuel").fill("pas-le-bon-mot");
  await section.getByRole("button", { name: "Ajouter une clé d’accès" }).click();
  await expect(section.getByText("Email, pseudo ou mot de passe incorrect.")).toBeVisible();
  await addPasskey(page);
  const item = section.getByRole("listitem");
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("Clé d’accès du");
  await expect(item).toContainText("Jamais utilisée");
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]!.isResidentCredential).toBe(true);
  await expect
    .poll(async () => (await mailbox.list(user.email)).some((email) => /clé d’accès a été ajoutée/.test(email.subject)))
    .toBe(true);

  // Renamed from the keyboard: the disclosure, the field, the button.
  await section.getByText("Renommer", { exact: true }).focus();
  await page.keyboard.press("Enter");
  await section.getByLabel(/Renommer la clé d’accès/).fill("Ordinateur de test");
  await section.getByRole("button", { name: "Enregistrer le nom" }).press("Enter");
  await expect(section.getByText("Le nom de la clé d’accès a été enregistré.")).toBeVisible();
  await page.reload();
  await expect(section.getByRole("listitem")).toContainText("Ordinateur de test");
  expect(await axeViolations(page, "/compte, a passkey renamed", null)).toEqual([]);

  // Signed out, then in again with the passkey alone: a known browser, so no alert.
  const alertsBefore = (await alerts(mailbox, user.email)).length;
  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();
  await expect(page).toHaveURL(/\/connexion/);
  await expect(page.getByLabel("Email ou pseudo")).toHaveAttribute("autocomplete", "username webauthn");
  await expect(page.getByRole("button", { name: "Se connecter avec une clé d’accès" })).toBeVisible();
  expect(await axeViolations(page, "/connexion, passkey offered", null)).toEqual([]);
  await page.getByRole("button", { name: "Se connecter avec une clé d’accès" }).click();
  await expect(page).toHaveURL(/\/compte$/);
  await expect(page.getByRole("region", { name: "Clés d’accès" }).getByRole("listitem")).not.toContainText("Jamais utilisée");
  await expect(
    page.getByRole("region", { name: "Activité récente" }).getByRole("cell", { name: "Connexion avec une clé d’accès" }),
  ).toBeVisible();

  // Another browser: five wrong passwords lock the shared path and the right password is refused.
  // Given the same passkey (as a synced one would be), it signs in from the identifier field's
  // autofill (conditional mediation) all the same, and the owner is alerted of a new browser.
  const {
    credentials: [credential],
  } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  const otherContext: BrowserContext = await browser.newContext();
  const other = await otherContext.newPage();
  // Locked as that many wrong passwords from a stranger's browser would (lockout.spec.ts reaches it in the browser).
  await lockAccount(request, user.email);
  await signIn(other, user.email, "pas-le-bon-mot");
  await expect(other.getByText("Votre compte est verrouillé", { exact: true })).toBeVisible();
  await signIn(other, user.email, PASSWORD);
  await expect(other.getByText("Votre compte est verrouillé", { exact: true })).toBeVisible();
  const second = await virtualAuthenticator(other);
  await second.cdp.send("WebAuthn.addCredential", { authenticatorId: second.authenticatorId, credential: credential! });
  await other.goto("/connexion");
  await expect(other).toHaveURL(/\/compte$/);
  await expect.poll(async () => (await alerts(mailbox, user.email)).length).toBe(alertsBefore + 1);
  await otherContext.close();
  // The lock is still there for passwords.
  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await signIn(strangerPage, user.email, PASSWORD);
  await expect(strangerPage.getByText("Votre compte est verrouillé", { exact: true })).toBeVisible();
  await stranger.close();

  // Deleted: journaled, emailed, and the authenticator's credential no longer signs in.
  await page.goto("/compte");
  await page.getByRole("button", { name: "Supprimer la clé d’accès « Ordinateur de test »" }).click();
  await expect(page.getByRole("region", { name: "Clés d’accès" }).getByText("La clé d’accès a été supprimée.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Clés d’accès" }).getByText("Aucune clé d’accès pour l’instant.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Activité récente" }).getByRole("cell", { name: "Clé d’accès supprimée" })).toBeVisible();
  await mailbox.latest(user.email, /clé d’accès a été supprimée/);
  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();
  await expect(page).toHaveURL(/\/connexion/);
  await page.getByRole("button", { name: "Se connecter avec une clé d’accès" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Cette clé d’accès n’a pas permis de vous connecter." })).toBeVisible();
  await page.goto("/compte");
  await expect(page).toHaveURL(/\/connexion/);
});

test("“Ce n’était pas moi” in the new-device alert signs out every session and leads to a new password", async ({
  page,
  mailbox,
  browser,
  request,
}) => {
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  const [first] = await alerts(mailbox, user.email);
  expect(first?.text).toContain("Chrome · Windows");

  // The same browser again: known, no second alert. A new one: a second alert.
  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  const intruderContext = await browser.newContext();
  const intruder = await intruderContext.newPage();
  await signIn(intruder, user.email, PASSWORD);
  await expect(intruder).toHaveURL(/\/compte$/);
  await expect.poll(async () => (await alerts(mailbox, user.email)).length).toBe(2);
  const alert = await mailbox.latest(user.email, NEW_DEVICE);

  await page.goto(Mailbox.link(alert, "/ce-n-etait-pas-moi/"));
  await expect(page.getByRole("heading", { level: 1, name: "Ce n’était pas moi" })).toBeVisible();
  await page.getByRole("button", { name: "Sécuriser mon compte" }).click();
  const done = page.getByRole("status").filter({ hasText: "Votre compte est sécurisé" });
  await expect(done).toContainText("2 sessions fermées.");
  await expect(done).toContainText("2 navigateurs connus oubliés.");
  await expect(done).toContainText("Votre mot de passe ne permet plus de se connecter.");
  // The old password no longer signs anyone in; the reset link emailed at once does.
  await intruder.goto("/compte");
  await expect(intruder).toHaveURL(/\/connexion/);
  await signIn(intruder, user.email, PASSWORD);
  await expect(intruder.getByText("Email, pseudo ou mot de passe incorrect.")).toBeVisible();
  const reset = await mailbox.latest(user.email, /Choisissez un nouveau mot de passe/);
  await page.goto(Mailbox.link(reset, "/reinitialisation/"));
  await expect(page.getByLabel("Nouveau mot de passe")).toBeVisible();
  await intruderContext.close();
  // Used up: the link now says so.
  await page.goto(Mailbox.link(alert, "/ce-n-etait-pas-moi/"));
  await expect(page.getByText("Ce lien n’est plus valide. Demandez-en un nouveau.")).toBeVisible();
  // Whoever cannot read that mailbox any more has a way back from here too.
  await expect(page.getByRole("link", { name: "Demander un nouveau lien" })).toHaveAttribute("href", "/mot-de-passe-oublie");
  await expect(page.getByRole("link", { name: "J’ai perdu l’accès à mon adresse email" })).toHaveAttribute("href", "/acces-perdu");
});

test("without JavaScript there is no passkey button and the password form works as before", async ({ browser, request }) => {
  const user = await createUser(request);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const noScript = await context.newPage();
  await noScript.goto("/connexion");
  await expect(noScript.getByRole("button", { name: "Se connecter", exact: true })).toBeVisible();
  await expect(noScript.getByRole("button", { name: "Se connecter avec une clé d’accès" })).toHaveCount(0);
  await signIn(noScript, user.email, PASSWORD);
  await expect(noScript).toHaveURL(/\/compte$/);
  await expect(noScript.getByRole("region", { name: "Clés d’accès" })).toContainText("L’ajout d’une clé d’accès a besoin de JavaScript.");
  await expect(noScript.getByRole("button", { name: "Ajouter une clé d’accès" })).toHaveCount(0);
  await context.close();
});
