import type { Browser, Page } from "@playwright/test";
import {
  appCode,
  createUser,
  expect,
  Mailbox,
  PASSWORD,
  settings,
  signIn,
  test,
  turnOnTwoStep as turnOn,
  twoStepSection as section,
  type TestUser,
} from "./fixtures";

// Two-step verification (SPEC §9), in Chromium: turned on from /compte with a code
// computed from the shown key, then the sign-in's second step on /connexion/code.
// The server's clock is not ours to move: each code is the app's code of a time
// step after the one last used (±1 step is accepted), never a sleep.

// Each journey signs in several times in two or three browsers: more than the default minute.
test.describe.configure({ timeout: 180_000 });

async function signOut(page: Page) {
  await page.goto("/compte");
  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();
  await expect(page).toHaveURL(/\/connexion/);
}

/** The password, which leads to /connexion/code and nothing more. */
async function rightPassword(page: Page, user: TestUser) {
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/connexion\/code/);
  await expect(page.getByText("Saisissez le code à 6 chiffres de votre application d’authentification.").first()).toBeVisible();
}

async function submitCode(page: Page, code: string, options: { remember?: boolean } = {}) {
  await page.getByLabel("Code", { exact: true }).fill(code);
  if (options.remember) await page.getByLabel("Ne plus demander sur ce navigateur").check();
  const answered = page.waitForResponse(
    (response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/connexion/code",
  );
  await page.getByRole("button", { name: "Valider" }).click();
  await answered;
}

async function expectSignedOut(page: Page) {
  const response = await page.request.get("/compte", { maxRedirects: 0 });
  expect(response.status()).toBeGreaterThanOrEqual(300);
  expect(response.headers().location ?? "").toContain("/connexion");
}

async function freshBrowser(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test("turned on with a code from the shown key; then the password alone opens nothing and the code signs in", async ({ page, request }) => {
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  const { key } = await turnOn(page);
  await signOut(page);

  await rightPassword(page, user);
  await expectSignedOut(page);
  await submitCode(page, await appCode(key, 1));
  await expect(page).toHaveURL(/\/compte$/);
  await expect(section(page).getByText("Il vous reste 10 codes de secours.")).toBeVisible();
});

test("a wrong code is refused and opens no session; the callback path opens none without the code", async ({ page, request, browser }) => {
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  const { key } = await turnOn(page);

  const other = await freshBrowser(browser);
  await rightPassword(other, user);
  const right = await appCode(key, 1);
  await submitCode(other, right === "000000" ? "111111" : "000000");
  await expect(other.getByText("Ce code n’est pas valide. Réessayez.")).toBeVisible();
  await expectSignedOut(other);

  // Auth.js's own endpoint, posted to directly with the right password: a refusal, no session cookie.
  const third = await freshBrowser(browser);
  const { csrfToken } = await (await third.request.get("/api/auth/csrf")).json();
  const callback = await third.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, identifier: user.email, password: PASSWORD, callbackUrl: "/compte" },
    maxRedirects: 0,
  });
  expect(callback.headers().location).toContain("error=");
  expect((await third.context().cookies()).map((cookie) => cookie.name).filter((name) => name.includes("session-token"))).toEqual([]);
  await expectSignedOut(third);
});

test("a recovery code signs in once, and not twice", async ({ page, request }) => {
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  const { recoveryCodes } = await turnOn(page);
  await signOut(page);

  for (const attempt of ["first", "second"] as const) {
    await rightPassword(page, user);
    await page.getByRole("link", { name: "Utiliser un code de secours" }).click();
    await page.getByLabel("Code de secours").fill(recoveryCodes[0]!);
    await page.getByRole("button", { name: "Valider" }).click();
    if (attempt === "first") {
      await expect(page).toHaveURL(/\/compte$/);
      await expect(section(page).getByText("Il vous reste 9 codes de secours.")).toBeVisible();
      await signOut(page);
    } else {
      await expect(page.getByText("Ce code n’est pas valide. Réessayez.")).toBeVisible();
      await expectSignedOut(page);
    }
  }
});

test("wrong codes give the warning, then the lock; the owner hears that their password is known", async ({
  page,
  request,
  browser,
  mailbox,
}) => {
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  const { key } = await turnOn(page);

  // Someone else, in a browser the account does not know, has the password.
  const stranger = await freshBrowser(browser);
  await rightPassword(stranger, user);
  const right = await appCode(key, 1);
  const wrong = right === "000000" ? "111111" : "000000";
  for (let attempt = 1; attempt <= settings.maxAttempts - 2; attempt++) {
    await submitCode(stranger, wrong);
    await expect(stranger.getByText("Ce code n’est pas valide. Réessayez.")).toBeVisible();
  }
  await submitCode(stranger, wrong);
  await expect(stranger.getByText("Vous avez encore un essai avant le verrouillage de votre compte")).toBeVisible();
  await submitCode(stranger, wrong);
  await expect(stranger.getByText("Votre compte est verrouillé")).toBeVisible();
  await expectSignedOut(stranger);

  const known = await mailbox.latest(user.email, /Quelqu’un connaît votre mot de passe Sésame/);
  expect(known.links.some((link) => new URL(link).pathname === "/mot-de-passe-oublie")).toBe(true);
  const lock = await mailbox.latest(user.email, /Déverrouillez/);
  expect(lock.text).toContain("était le bon");
});

test("“Ne plus demander sur ce navigateur” skips the code on that browser only", async ({ page, request, browser }) => {
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  const { key } = await turnOn(page);
  await signOut(page);

  await rightPassword(page, user);
  await submitCode(page, await appCode(key, 1), { remember: true });
  await expect(page).toHaveURL(/\/compte$/);
  await signOut(page);

  // The same browser: the password is enough.
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);

  // Another browser: the code is asked.
  const other = await freshBrowser(browser);
  await rightPassword(other, user);
  await expectSignedOut(other);
});

test("“J’ai perdu mon application d’authentification” from the code page: confirmed from the mailbox, the delay passes, the password alone signs in and two-step is off", async ({
  page,
  request,
  mailbox,
}) => {
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  await turnOn(page);
  await signOut(page);

  // The phone is gone: the code page leads to the lost-authenticator request.
  await rightPassword(page, user);
  await page.getByRole("link", { name: "J’ai perdu mon application d’authentification" }).click();
  await expect(page).toHaveURL(/\/acces-perdu\/application$/);
  await expect(page.getByRole("heading", { level: 1, name: "Récupérer mon compte sans mon application d’authentification" })).toBeVisible();
  await page.getByLabel("Email ou pseudo").fill(user.email);
  await page.getByLabel("Mot de passe (si vous vous en souvenez)").fill(PASSWORD);
  await page.getByRole("button", { name: "Envoyer la demande" }).click();
  await expect(
    page.getByText(
      "Si un compte correspond et que la validation en deux étapes y est activée, nous avons envoyé un lien à son adresse email. Ouvrez-le pour confirmer la demande.",
    ),
  ).toBeVisible();

  // The link went to the account's own address.
  const confirmation = await mailbox.latest(user.email, /Confirmez votre demande de récupération/);
  await page.goto(Mailbox.link(confirmation, "/demande-de-recuperation/"));
  await page.getByRole("button", { name: "Confirmer la demande" }).click();
  await expect(page.getByText("Votre demande est confirmée.", { exact: false })).toBeVisible();
  const notice = await mailbox.latest(user.email, /Une demande de récupération de votre compte Sésame a été faite/);
  expect(notice.text).toContain("application d’authentification");
  expect(Mailbox.link(notice, "/annulation-recuperation/")).toContain("/annulation-recuperation/");

  // Until the delay has passed, the password alone still opens nothing.
  await rightPassword(page, user);
  await expectSignedOut(page);

  expect((await request.post("/api/test/users/recovery", { data: { email: user.email } })).status()).toBe(204);
  const off = await mailbox.latest(user.email, /La validation en deux étapes est désactivée/);
  expect(off.text).toContain("J’ai perdu mon application d’authentification");

  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  await expect(section(page).getByRole("button", { name: "Activer la validation en deux étapes" })).toBeVisible();
});
