import { createUser, expect, lockAccount, Mailbox, PASSWORD, settings, signIn, test } from "./fixtures";

test("wrong passwords: the warning, the lock, the right password refused, unlock by email, sign in", async ({ page, mailbox, request }) => {
  const user = await createUser(request);
  for (let attempt = 1; attempt <= settings.maxAttempts - 2; attempt++) {
    await signIn(page, user.email, `mauvais-mot-${attempt}`);
    await expect(page.getByText("Email, pseudo ou mot de passe incorrect.")).toBeVisible();
  }
  await signIn(page, user.email, `mauvais-mot-${settings.maxAttempts - 1}`);
  await expect(page.getByText("Vous avez encore un essai avant le verrouillage de votre compte")).toBeVisible();
  await signIn(page, user.email, `mauvais-mot-${settings.maxAttempts}`);
  await expect(page.getByText("Votre compte est verrouillé")).toBeVisible();
  await expect(page.getByRole("link", { name: "Que faire ?" })).toHaveAttribute("href", "/aide#compte-verrouille");
  await signIn(page, user.email, PASSWORD);
  await expect(page.getByText("Votre compte est verrouillé")).toBeVisible();

  const email = await mailbox.latest(user.email, /Déverrouillez votre compte/);
  await page.goto(Mailbox.link(email, "/deverrouillage/"));
  await page.getByRole("button", { name: "Déverrouiller mon compte" }).click();
  await expect(page.getByText("Votre compte a été déverrouillé. Vous pouvez maintenant vous connecter.")).toBeVisible();
  await page.goto(Mailbox.link(email, "/deverrouillage/"));
  await expect(page.getByText("Ce lien n’est plus valide. Demandez-en un nouveau.")).toBeVisible();
  // Whoever no longer reads the mailbox the link came to has another way back.
  await expect(page.getByRole("link", { name: "J’ai perdu l’accès à mon adresse email" })).toHaveAttribute("href", "/acces-perdu");

  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();
  await expect(page).toHaveURL(/\/connexion/);
});

test("the unlock re-send page answers the same for locked, unlocked and unknown, and mails only the locked", async ({
  page,
  mailbox,
  request,
}) => {
  const user = await createUser(request);
  const notice =
    "Si votre compte est verrouillé, vous allez recevoir sous quelques minutes un email comportant des instructions pour le déverrouiller.";
  const askUnlock = async (email: string) => {
    await page.goto("/deverrouillage");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Envoyer" }).click();
    await expect(page.getByText(notice)).toBeVisible();
  };
  await askUnlock(user.email);
  await askUnlock("personne-ici@example.test");
  // Reaching the lock is the test above's subject; this one is about the re-send page.
  await lockAccount(request, user.email);
  await signIn(page, user.email, "mauvais-mot");
  await expect(page.getByText("Votre compte est verrouillé")).toBeVisible();
  await askUnlock(user.email);
  await expect.poll(async () => (await mailbox.list(user.email)).filter((email) => /Déverrouillez/.test(email.subject)).length).toBe(2);
  const [fresh, old] = (await mailbox.list(user.email)).filter((email) => /Déverrouillez/.test(email.subject));
  await page.goto(Mailbox.link(old!, "/deverrouillage/"));
  await expect(page.getByText("Ce lien n’est plus valide.")).toBeVisible();
  await page.goto(Mailbox.link(fresh!, "/deverrouillage/"));
  await page.getByRole("button", { name: "Déverrouiller mon compte" }).click();
  await expect(page.getByText("Votre compte a été déverrouillé.")).toBeVisible();
});

test("without JavaScript, each refused sign-in says why on /connexion, and reloading that page posts nothing again", async ({
  browser,
  request,
}) => {
  const user = await createUser(request);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const noScript = await context.newPage();
  const posts: string[] = [];
  noScript.on("request", (sent) => {
    if (sent.method() === "POST") posts.push(sent.url());
  });
  for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
    await signIn(noScript, user.email, `mauvais-mot-${attempt}`);
    if (attempt <= settings.maxAttempts - 2) {
      await expect(noScript).toHaveURL(/\/connexion\?code=invalidCredentials$/);
      await expect(noScript.getByText("Email, pseudo ou mot de passe incorrect.")).toBeVisible();
    } else if (attempt === settings.maxAttempts - 1) {
      await expect(noScript).toHaveURL(/\/connexion\?code=lastAttempt$/);
      await expect(noScript.getByText("Vous avez encore un essai avant le verrouillage de votre compte")).toBeVisible();
    }
  }
  await expect(noScript).toHaveURL(/\/connexion\?code=locked$/);
  await expect(noScript.getByText("Votre compte est verrouillé")).toBeVisible();
  await expect(noScript.getByText(`Il se déverrouillera aussi de lui-même après ${settings.unlockAfterMinutes} minutes.`)).toBeVisible();
  expect(posts).toHaveLength(settings.maxAttempts);
  await noScript.reload();
  await expect(noScript.getByText("Votre compte est verrouillé")).toBeVisible();
  expect(posts).toHaveLength(settings.maxAttempts);

  // The form on a refusal's page signs in as /connexion's does.
  const other = await createUser(request);
  await noScript.goto("/connexion?code=invalidCredentials");
  await noScript.getByLabel("Email ou pseudo").fill(other.email);
  await noScript.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
  await noScript.getByRole("button", { name: "Se connecter", exact: true }).click();
  await expect(noScript).toHaveURL(/\/compte$/);
  await context.close();
});
