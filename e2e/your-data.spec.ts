import { readFile } from "node:fs/promises";
import type { APIRequestContext, Page } from "@playwright/test";
import { createUser, expect, Mailbox, PASSWORD, signIn, signUp, test, virtualAuthenticator } from "./fixtures";

// "Vos données" on /compte (docs/your-data.md): the export, and the deletion
// with its grace period, in a real browser.

async function deleteAccount(page: Page, password = PASSWORD) {
  const section = page.getByRole("region", { name: "Supprimer mon compte" });
  await section.getByLabel("Mot de passe actuel").fill(password);
  await section.getByRole("button", { name: "Supprimer mon compte" }).click();
}

async function signedIn(page: Page, request: APIRequestContext) {
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  return user;
}

test("“Télécharger mes données” downloads one JSON file that holds the account", async ({ page, request }) => {
  const user = await signedIn(page, request);

  const download = page.waitForEvent("download");
  await page.getByRole("region", { name: "Vos données" }).getByRole("link", { name: "Télécharger mes données" }).click();
  const file = await download;

  expect(file.suggestedFilename()).toBe(`sesame-donnees-${user.pseudo}.json`);
  const data = JSON.parse(await readFile((await file.path())!, "utf8"));
  expect(data.format).toBe("sesame-export/1");
  expect(data.account.pseudo).toBe(user.pseudo);
  expect(data.addresses[0]).toMatchObject({ address: user.email, role: "primary" });
  expect(data.securityJournal.map((entry: { type: string }) => entry.type)).toContain("signin.success");
  expect(data.sessions).toHaveLength(1);
  expect(Object.keys(data)).toEqual([
    "format",
    "exportedAt",
    "account",
    "addresses",
    "emailsSent",
    "securityJournal",
    "knownBrowsers",
    "twoStepVerification",
    "passkeys",
    "sessions",
    "contactRequests",
    "supportActions",
  ]);
});

test("deleting closes the account: signed out, the password leads only to “Annuler la suppression”, the email's button restores sign-in", async ({
  page,
  request,
  mailbox,
}) => {
  const user = await signedIn(page, request);

  await deleteAccount(page, "Pas-Le-Bon-Mot-De-Passe-1");
  await expect(page.getByText("Email, pseudo ou mot de passe incorrect.").first()).toBeVisible();
  await expect(page).toHaveURL(/\/compte$/);

  await deleteAccount(page);
  await expect(page).toHaveURL(/\/connexion\?notice=accountClosed$/);
  await expect(page.getByText("Votre compte est fermé.")).toBeVisible();
  await page.goto("/compte");
  await expect(page).toHaveURL(/\/connexion/);

  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/suppression-prevue$/);
  await expect(page.getByRole("heading", { level: 1, name: "Suppression prévue" })).toBeVisible();
  await expect(page.getByText(`Votre compte « ${user.pseudo} » sera supprimé le`)).toBeVisible();
  await page.goto("/compte");
  await expect(page).toHaveURL(/\/connexion/);

  const email = await mailbox.latest(user.email, /^Votre compte va être supprimé$/);
  await page.goto(Mailbox.link(email, "/annulation-suppression/"));
  await expect(page.getByRole("heading", { level: 1, name: "Annuler la suppression du compte" })).toBeVisible();
  await page.getByRole("button", { name: "Annuler la suppression" }).click();
  await expect(page.getByText("La suppression de votre compte est annulée. Vous pouvez vous connecter.")).toBeVisible();

  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
});

test("after a closed account's sign-in, “Annuler la suppression” keeps it", async ({ page, request }) => {
  const user = await signedIn(page, request);
  await deleteAccount(page);
  await expect(page).toHaveURL(/\/connexion\?notice=accountClosed$/);

  await signIn(page, user.pseudo, PASSWORD);
  await expect(page).toHaveURL(/\/suppression-prevue$/);
  await page.getByRole("button", { name: "Annuler la suppression" }).click();
  await expect(page.getByText("La suppression de votre compte est annulée. Vous pouvez vous connecter.")).toBeVisible();

  await signIn(page, user.pseudo, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
});

test("a deletion taken past its delay erases the account and leaves its pseudo and address free for a new sign-up", async ({
  page,
  request,
  mailbox,
}) => {
  const user = await signUp(page, mailbox);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  await deleteAccount(page);
  await expect(page).toHaveURL(/\/connexion\?notice=accountClosed$/);

  const erased = await request.post("/api/test/users/erasure", { data: { email: user.email } });
  expect(erased.status()).toBe(204);

  await signIn(page, user.email, PASSWORD);
  await expect(page.getByText("Email, pseudo ou mot de passe incorrect.").first()).toBeVisible();
  expect(await mailbox.list(user.email)).toEqual([]);

  // The same pseudo and address sign up again; signUp checks the form's « Un email contenant un lien de confirmation… ».
  await signUp(page, mailbox, { as: user, confirm: false });
});

test("a passkey of the account deletes it in place of the password", async ({ page, request }) => {
  // Chromium's virtual authenticator answers an autofill request at once: this page plays a browser without it.
  await page.addInitScript(() => {
    Object.defineProperty(PublicKeyCredential, "isConditionalMediationAvailable", { value: async () => false });
  });
  const user = await signedIn(page, request);
  await virtualAuthenticator(page);
  const passkeys = page.getByRole("region", { name: "Clés d’accès" });
  await passkeys.getByLabel("Mot de passe actuel").fill(PASSWORD);
  await passkeys.getByRole("button", { name: "Ajouter une clé d’accès" }).click();
  await expect(passkeys.getByText("La clé d’accès a été ajoutée.")).toBeVisible();

  await page.getByRole("region", { name: "Supprimer mon compte" }).getByRole("button", { name: "Supprimer avec une clé d’accès" }).click();
  await expect(page).toHaveURL(/\/connexion\?notice=accountClosed$/);

  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/suppression-prevue$/);
});
