import { createUser, expect, Mailbox, PASSWORD, signIn, test, uniqueUser } from "./fixtures";

const NEW_PASSWORD = "Quartz-Nuage-Pomme-84";

test("a recovery address is added with the password, confirmed from its mailbox, then used for a reset", async ({
  page,
  mailbox,
  request,
}) => {
  // Two emailed links, a reset and the notices to both addresses: a long journey.
  test.slow();
  const user = await createUser(request);
  const recoveryEmail = uniqueUser("secours").email;
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);

  const section = page.getByRole("region", { name: "Adresse de secours" });
  // The account's own address is refused, and nothing is saved.
  await section.getByLabel("Adresse email de secours").fill(user.email);
  await section.getByLabel("Mot de passe actuel").fill(PASSWORD);
  await section.getByRole("button", { name: "Enregistrer" }).click();
  await expect(section.getByText("L’adresse de secours doit être différente de l’adresse de votre compte.").first()).toBeVisible();

  await section.getByLabel("Adresse email de secours").fill(recoveryEmail);
  await section.getByLabel("Mot de passe actuel").fill(PASSWORD);
  await section.getByRole("button", { name: "Enregistrer" }).click();
  await expect(section.getByText("Un lien de confirmation a été envoyé à l’adresse de secours.", { exact: false })).toBeVisible();
  await page.reload();
  await expect(section.getByText(recoveryEmail)).toBeVisible();
  await expect(section.getByText("En attente de confirmation")).toBeVisible();
  // The account's address hears of it.
  await mailbox.latest(user.email, /Adresse de secours ajoutée/);

  // Opening the link (as a mail scanner does) only shows the button.
  const confirmation = await mailbox.latest(recoveryEmail, /Confirmez votre adresse de secours/);
  await page.goto(Mailbox.link(confirmation, "/adresse-de-secours/"));
  await expect(page.getByRole("heading", { level: 1, name: "Adresse de secours" })).toBeVisible();
  await page.getByRole("button", { name: "Confirmer cette adresse" }).click();
  await expect(page.getByText("Votre adresse de secours est confirmée.", { exact: false })).toBeVisible();

  await page.goto("/compte");
  await expect(section.getByText("Confirmée", { exact: true })).toBeVisible();

  // The main mailbox is lost: the reset is asked for with the recovery address, and its link goes there.
  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();
  await page.goto("/mot-de-passe-oublie");
  await page.getByLabel("Email", { exact: true }).fill(recoveryEmail);
  await page.getByRole("button", { name: "Envoyer" }).click();
  await expect(page.getByText("Si votre adresse email est enregistrée,", { exact: false })).toBeVisible();
  const reset = await mailbox.latest(recoveryEmail, /nouveau mot de passe/);
  await page.goto(Mailbox.link(reset, "/reinitialisation/"));
  await page.getByLabel("Nouveau mot de passe").fill(NEW_PASSWORD);
  await page.getByLabel("Confirmez le mot de passe").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Changer mon mot de passe" }).click();
  await expect(page).toHaveURL(/\/connexion\?notice=passwordChanged/);
  expect((await mailbox.list(user.email)).some((email) => /nouveau mot de passe/.test(email.subject))).toBe(false);

  // Its notice ("password changed") reaches both addresses.
  await mailbox.latest(recoveryEmail, /a été modifié/);
  await mailbox.latest(user.email, /a été modifié/);
  await signIn(page, user.email, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);

  // "Supprimer": it is gone from the page.
  await section.getByRole("button", { name: `Supprimer l’adresse de secours ${recoveryEmail}` }).click();
  await expect(section.getByText(recoveryEmail)).toHaveCount(0);
});
