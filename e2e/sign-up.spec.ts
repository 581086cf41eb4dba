import { createUser, expect, Mailbox, PASSWORD, signIn, signUp, test, uniqueUser } from "./fixtures";

test("sign up, see the rules tick live, confirm from the email, sign in and out", async ({ page, mailbox }) => {
  const user = uniqueUser();
  await page.goto("/inscription");
  await expect(
    page.getByText("10 caractères minimum, ne doit pas être trop commun et doit être différent de votre pseudo et de votre email"),
  ).toBeVisible();
  await page.getByLabel("Pseudo").fill(user.pseudo);
  await page.getByLabel("Email", { exact: true }).fill(user.email);

  const password = page.getByLabel("Mot de passe", { exact: true });
  const rule = (name: string) => page.getByRole("listitem").filter({ hasText: name });
  await password.fill("azerty");
  await expect(rule("10 caractères minimum")).toContainText("pas encore respecté");
  await password.fill("azertyuiop");
  await expect(rule("10 caractères minimum")).toContainText("respecté");
  await expect(rule("Pas trop commun")).toContainText("pas encore respecté");
  await password.fill(`${user.pseudo}-2024`);
  await expect(rule("Différent de votre pseudo et de votre email")).toContainText("pas encore respecté");
  await password.fill(PASSWORD);
  for (const name of ["10 caractères minimum", "Pas trop commun", "Différent de votre pseudo et de votre email"]) {
    await expect(rule(name)).not.toContainText("pas encore");
  }
  await page.getByRole("button", { name: "Afficher le mot de passe" }).click();
  await expect(password).toHaveAttribute("type", "text");
  await page.getByRole("button", { name: "Masquer le mot de passe" }).click();

  await page.getByLabel("Confirmez le mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(
    page.getByText("Un email contenant un lien de confirmation vous a été envoyé. Ouvrez-le pour activer votre compte."),
  ).toBeVisible();

  await signIn(page, user.email, PASSWORD);
  await expect(page.getByText("Vous devez confirmer votre compte avant de vous connecter.")).toBeVisible();
  await expect(page.getByRole("alert").getByRole("link", { name: "Vous n’avez pas reçu d’instructions de confirmation ?" })).toBeVisible();

  const email = await mailbox.latest(user.email, /Confirmez votre compte Sésame/);
  expect(email.text).toContain("/confirmation/");
  await page.goto(Mailbox.link(email, "/confirmation/"));
  await page.getByRole("button", { name: "Confirmer mon compte" }).click();
  await expect(page).toHaveURL(/\/connexion\?notice=confirmed/);
  await expect(page.getByText("Votre compte a été confirmé. Vous pouvez maintenant vous connecter.")).toBeVisible();

  await page.goto(Mailbox.link(email, "/confirmation/"));
  await expect(page.getByText("Cet email a déjà été confirmé, vous pouvez vous connecter.")).toBeVisible();

  await signIn(page, user.pseudo.toUpperCase(), PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  await expect(page.getByText(user.email)).toBeVisible();
  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();
  await expect(page.getByText("Vous êtes déconnecté.")).toBeVisible();
  await page.goto("/compte");
  await expect(page).toHaveURL(/\/connexion\?returnTo=%2Fcompte/);
});

test("the fields and the button stay put while the rules and the strength appear", async ({ page }) => {
  await page.goto("/inscription");
  const button = page.getByRole("button", { name: "Créer mon compte" });
  const confirmation = page.getByLabel("Confirmez le mot de passe");
  const before = [(await button.boundingBox())!.y, (await confirmation.boundingBox())!.y];
  // The first keystroke loads the dictionaries; the strength shows once they are in.
  await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
  await expect(page.getByText("Robustesse :")).toBeVisible();
  expect([(await button.boundingBox())!.y, (await confirmation.boundingBox())!.y]).toEqual(before);
});

test("what is typed before the page's scripts run is kept: the rules judge it and the form is sent with it", async ({ page }) => {
  const user = uniqueUser();
  // The scripts are held back until the form is filled in: until then the fields are plain inputs.
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/chunks/**", async (route) => {
    await released;
    await route.continue();
  });
  await page.goto("/inscription", { waitUntil: "commit" });
  await page.getByLabel("Pseudo").fill(user.pseudo);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirmez le mot de passe").fill(PASSWORD);
  release();
  // Only the browser ticks the rules: once they are, the page has hydrated around what was typed.
  await expect(page.getByRole("listitem").filter({ hasText: "10 caractères minimum" })).not.toContainText("pas encore");
  await expect(page.getByLabel("Pseudo")).toHaveValue(user.pseudo);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(
    page.getByText("Un email contenant un lien de confirmation vous a été envoyé. Ouvrez-le pour activer votre compte."),
  ).toBeVisible();
});

test("a field left before the form's checks have loaded is checked once they have", async ({ page }) => {
  // The checks (react-hook-form and the schema) are fetched on the first focus: held back here.
  let holding = false;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/chunks/**", async (route) => {
    if (holding) await released;
    await route.continue();
  });
  await page.goto("/inscription");
  holding = true;
  const password = page.getByLabel("Mot de passe", { exact: true });
  await password.fill("azertyuiop");
  // Ticked by the page itself, before any check has loaded: the page has hydrated.
  await expect(page.getByRole("listitem").filter({ hasText: "10 caractères minimum" })).not.toContainText("pas encore");
  await page.getByLabel("Pseudo").fill("ab");
  await page.getByLabel("Pseudo").press("Tab");
  const tooShort = page.getByText("Le pseudo doit contenir 3 à 30 caractères");
  await expect(tooShort).toHaveCount(0);
  release();
  await expect(tooShort.first()).toBeVisible();
  await expect(page.getByLabel("Pseudo")).toHaveValue("ab");
  await expect(password).toHaveValue("azertyuiop");
});

test("a taken email or pseudo is refused next to its field, ignoring case", async ({ page, request }) => {
  const existing = await createUser(request, { confirmed: false });
  await page.goto("/inscription");
  await page.getByLabel("Pseudo").fill(existing.pseudo.toUpperCase());
  await page.getByLabel("Email", { exact: true }).fill(existing.email.toUpperCase());
  await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirmez le mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByText("Email n’est pas disponible").first()).toBeVisible();
  await expect(page.getByText("Pseudo n’est pas disponible").first()).toBeVisible();
  await expect(page.getByLabel("Pseudo")).toBeFocused();
});

test("field errors show next to their field and in a summary, focus on the first", async ({ page }) => {
  await page.goto("/inscription");
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByText("Le formulaire contient 3 erreurs :")).toBeVisible();
  await expect(page.getByLabel("Pseudo")).toBeFocused();
  await page.getByLabel("Pseudo").fill("ab");
  await page.getByLabel("Email", { exact: true }).fill("pas-un-email");
  await page.getByLabel("Mot de passe", { exact: true }).fill("court");
  await page.getByLabel("Confirmez le mot de passe").fill("autre");
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByText("Le pseudo doit contenir 3 à 30 caractères").first()).toBeVisible();
  await expect(page.getByText("Saisissez une adresse email valide").first()).toBeVisible();
  await expect(page.getByText("Le mot de passe doit contenir au moins 10 caractères.").first()).toBeVisible();
  await expect(page.getByText("Les deux mots de passe ne correspondent pas.").first()).toBeVisible();
});

test("re-sending confirmation: unconfirmed gets a fresh link, confirmed is told, unknown gets the same notice and a linkless email", async ({
  page,
  mailbox,
}) => {
  const pending = await signUp(page, mailbox, { confirm: false });
  const first = await mailbox.latest(pending.email, /Confirmez/);
  const resend = async (email: string) => {
    await page.goto("/connexion");
    await page.getByRole("link", { name: "Vous n’avez pas reçu d’instructions de confirmation ?" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Renvoyer les instructions de confirmation" })).toBeVisible();
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Envoyer" }).click();
  };
  const sent = "Vous allez recevoir sous quelques minutes un email comportant des instructions pour confirmer votre compte.";

  await resend(pending.email);
  await expect(page.getByText(sent)).toBeVisible();
  await expect.poll(async () => (await mailbox.list(pending.email)).length).toBe(2);
  const fresh = (await mailbox.list(pending.email))[0]!;
  await page.goto(Mailbox.link(first, "/confirmation/"));
  await expect(page.getByText("Ce lien n’est plus valide. Demandez-en un nouveau.")).toBeVisible();
  await page.goto(Mailbox.link(fresh, "/confirmation/"));
  await page.getByRole("button", { name: "Confirmer mon compte" }).click();
  await expect(page.getByText("Votre compte a été confirmé.")).toBeVisible();

  await resend(pending.email);
  await expect(page.getByText("Cet email a déjà été confirmé, vous pouvez vous connecter.")).toBeVisible();

  const stranger = uniqueUser().email;
  await resend(stranger);
  await expect(page.getByText(sent)).toBeVisible();
  // One email all the same (docs/email-delivery.md), that says no account uses the address and holds no link.
  const answer = await mailbox.latest(stranger, /Votre demande sur Sésame/);
  expect(answer.text).toContain("Aucun compte Sésame n’utilise cette adresse");
  expect(answer.links.every((link) => new URL(link).pathname === "/aide")).toBe(true);
  expect(await mailbox.list(stranger)).toHaveLength(1);
});
