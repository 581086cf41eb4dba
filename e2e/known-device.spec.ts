import { createUser, expect, Mailbox, PASSWORD, settings, signIn, test } from "./fixtures";

test("a stranger who locks the account does not lock the owner's known browser; the unlock link clears both", async ({
  page,
  mailbox,
  browser,
  request,
}) => {
  // The owner signs in once: this browser becomes a known device.
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();
  await expect(page).toHaveURL(/\/connexion/);

  // A stranger, in another browser, fails until locked.
  const strangerContext = await browser.newContext();
  const stranger = await strangerContext.newPage();
  for (let attempt = 1; attempt <= settings.maxAttempts - 2; attempt++) {
    await signIn(stranger, user.email, `devine-${attempt}`);
    await expect(stranger.getByText("Email, pseudo ou mot de passe incorrect.")).toBeVisible();
  }
  await signIn(stranger, user.email, `devine-${settings.maxAttempts - 1}`);
  await expect(stranger.getByText("Vous avez encore un essai avant le verrouillage de votre compte")).toBeVisible();
  await signIn(stranger, user.email, `devine-${settings.maxAttempts}`);
  await expect(stranger.getByText("Votre compte est verrouillé")).toBeVisible();
  await signIn(stranger, user.email, PASSWORD);
  await expect(stranger.getByText("Votre compte est verrouillé")).toBeVisible();

  // The owner's known browser still signs in.
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();
  await expect(page).toHaveURL(/\/connexion/);

  // The owner's own mistakes lock the owner's browser, with the same sequence.
  for (let attempt = 1; attempt <= settings.maxAttempts - 2; attempt++) {
    await signIn(page, user.email, `faute-${attempt}`);
    await expect(page.getByText("Email, pseudo ou mot de passe incorrect.")).toBeVisible();
  }
  await signIn(page, user.email, `faute-${settings.maxAttempts - 1}`);
  await expect(page.getByText("Vous avez encore un essai avant le verrouillage de votre compte")).toBeVisible();
  await signIn(page, user.email, `faute-${settings.maxAttempts}`);
  await expect(page.getByText("Votre compte est verrouillé")).toBeVisible();
  await signIn(page, user.email, PASSWORD);
  await expect(page.getByText("Votre compte est verrouillé")).toBeVisible();

  // One unlock link clears both.
  const emails = (await mailbox.list(user.email)).filter((email) => /Déverrouillez/.test(email.subject));
  expect(emails).toHaveLength(2);
  expect(emails[1]!.text).toContain("ne sont pas verrouillés");
  await page.goto(Mailbox.link(emails[0]!, "/deverrouillage/"));
  await page.getByRole("button", { name: "Déverrouiller mon compte" }).click();
  await expect(page.getByText("Votre compte a été déverrouillé.")).toBeVisible();
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  await signIn(stranger, user.email, PASSWORD);
  await expect(stranger).toHaveURL(/\/compte$/);
  await strangerContext.close();

  // Both browsers are now listed with their last use; the other one can be forgotten.
  await page.goto("/compte");
  const devices = page.getByRole("region", { name: "Navigateurs connus" });
  await expect(devices.getByRole("listitem")).toHaveCount(2);
  await expect(devices.getByRole("listitem").filter({ hasText: "(ce navigateur)" })).toHaveCount(1);
  await devices
    .getByRole("listitem")
    .filter({ hasNotText: "(ce navigateur)" })
    .getByRole("button", { name: /Oublier ce navigateur/ })
    .click();
  await expect(devices.getByRole("listitem")).toHaveCount(1);
});
