import { createUser, expect, Mailbox, PASSWORD, signIn, test, uniqueUser } from "./fixtures";

const NEW_PASSWORD = "Quartz-Nuage-Pomme-84";

test("forgotten password: request, each rule refused, a good one, sessions ended, link dead", async ({
  page,
  mailbox,
  browser,
  request,
}) => {
  const user = await createUser(request);

  // A session opened elsewhere before the reset.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, user.email, PASSWORD);
  await expect(otherPage).toHaveURL(/\/compte$/);

  await page.goto("/connexion");
  await page.getByRole("link", { name: "Mot de passe oublié ?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mot de passe oublié" })).toBeVisible();
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByRole("button", { name: "Envoyer" }).click();
  await expect(
    page.getByText(
      "Si votre adresse email est enregistrée, vous allez recevoir sous quelques minutes un email avec un lien pour choisir un nouveau mot de passe.",
    ),
  ).toBeVisible();

  const email = await mailbox.latest(user.email, /nouveau mot de passe/);
  const link = Mailbox.link(email, "/reinitialisation/");
  const response = await page.goto(link);
  expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
  expect(response?.headers()["cache-control"]).toContain("no-store");

  const submit = async (password: string, confirmation = password) => {
    await page.getByLabel("Nouveau mot de passe").fill(password);
    await page.getByLabel("Confirmez le mot de passe").fill(confirmation);
    await page.getByRole("button", { name: "Changer mon mot de passe" }).click();
  };
  await submit("court");
  await expect(page.getByText("Le mot de passe doit contenir au moins 10 caractères.").first()).toBeVisible();
  await submit("motdepasse123");
  await expect(page.getByText("Ce mot de passe est trop commun.").first()).toBeVisible();
  await submit(`${user.pseudo}!!`);
  await expect(page.getByText("Le mot de passe doit être différent de votre pseudo et de votre email.").first()).toBeVisible();
  await submit(NEW_PASSWORD, `${NEW_PASSWORD}x`);
  await expect(page.getByText("Les deux mots de passe ne correspondent pas.").first()).toBeVisible();
  await submit(NEW_PASSWORD);
  await expect(page).toHaveURL(/\/connexion\?notice=passwordChanged/);
  await expect(page.getByText("Votre mot de passe a été modifié. Vous pouvez maintenant vous connecter.")).toBeVisible();

  await signIn(page, user.email, PASSWORD);
  await expect(page.getByText("Email, pseudo ou mot de passe incorrect.")).toBeVisible();
  await signIn(page, user.email, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);

  await otherPage.goto("/compte");
  await expect(otherPage).toHaveURL(/\/connexion/);
  await other.close();

  await page.goto(link);
  await expect(page.getByText("Ce lien n’est plus valide. Demandez-en un nouveau.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Demander un nouveau lien" })).toHaveAttribute("href", "/mot-de-passe-oublie");
  await expect.poll(async () => (await mailbox.list(user.email)).some((entry) => /a été modifié/.test(entry.subject))).toBe(true);
});

test("an unknown address gets the same notice and one email without a link (docs/email-delivery.md)", async ({ page, mailbox }) => {
  const address = uniqueUser("jamais-vu").email;
  await page.goto("/mot-de-passe-oublie");
  await page.getByLabel("Email", { exact: true }).fill(address);
  await page.getByRole("button", { name: "Envoyer" }).click();
  await expect(page.getByText("Si votre adresse email est enregistrée,", { exact: false })).toBeVisible();
  const answer = await mailbox.latest(address, /Votre demande sur Sésame/);
  expect(answer.links.every((link) => new URL(link).pathname === "/aide")).toBe(true);
  expect(await mailbox.list(address)).toHaveLength(1);
});
