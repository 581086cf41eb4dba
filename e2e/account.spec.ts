import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { axeViolations } from "./axe";
import { createUser, expect, Mailbox, PASSWORD, signIn, test } from "./fixtures";

const NEW_PASSWORD = "Quartz-Nuage-Pomme-84";

/** A new account signed in from this page and from a second browser. */
async function signedInTwice(page: Page, request: APIRequestContext, browser: Browser) {
  const user = await createUser(request);
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, user.email, PASSWORD);
  await expect(other).toHaveURL(/\/compte$/);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  return { user, other, otherContext };
}

test("changing the password keeps this session, signs the other browser out, and shows in the activity", async ({
  page,
  mailbox,
  browser,
  request,
}) => {
  const { user, other, otherContext } = await signedInTwice(page, request, browser);

  expect(await axeViolations(page, "/compte", null)).toEqual([]);

  const section = page.getByRole("region", { name: "Changer de mot de passe" });
  await section.getByLabel("Mot de passe actuel").fill("pas-le-bon-mot");
  await section.getByLabel("Nouveau mot de passe").fill(NEW_PASSWORD);
  await section.getByLabel("Confirmez le mot de passe").fill(NEW_PASSWORD);
  await section.getByRole("button", { name: "Changer mon mot de passe" }).click();
  await expect(section.getByText("Email, pseudo ou mot de passe incorrect.").first()).toBeVisible();

  await section.getByLabel("Mot de passe actuel").fill(PASSWORD);
  await section.getByRole("button", { name: "Changer mon mot de passe" }).click();
  await expect(section.getByText("Votre mot de passe a été modifié. Vos autres sessions ont été fermées.")).toBeVisible();

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Mon compte" })).toBeVisible();
  const activity = page.getByRole("region", { name: "Activité récente" });
  await expect(activity.getByRole("cell", { name: "Mot de passe modifié" })).toBeVisible();
  await expect(activity.getByRole("cell", { name: "Mot de passe incorrect" })).toBeVisible();

  await other.goto("/compte");
  await expect(other).toHaveURL(/\/connexion/);
  await otherContext.close();
  await expect.poll(async () => (await mailbox.list(user.email)).some((email) => /a été modifié/.test(email.subject))).toBe(true);
});

test("signing out everywhere ends this session and the other browser's", async ({ page, request, browser }) => {
  const { other, otherContext } = await signedInTwice(page, request, browser);

  await page.getByRole("button", { name: "Se déconnecter partout" }).click();
  await expect(page).toHaveURL(/\/connexion/);
  await page.goto("/compte");
  await expect(page).toHaveURL(/\/connexion/);
  await other.goto("/compte");
  await expect(other).toHaveURL(/\/connexion/);
  await otherContext.close();
});

test("changing the email: the old address keeps working until the link sent to the new one is opened", async ({
  page,
  mailbox,
  request,
}) => {
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  const newEmail = `nouveau-${user.email}`;
  const section = page.getByRole("region", { name: "Changer d’adresse email" });

  await section.getByLabel("Nouvelle adresse email").fill(user.email.toUpperCase());
  await section.getByLabel("Mot de passe actuel").fill(PASSWORD);
  await section.getByRole("button", { name: "Changer mon adresse email" }).click();
  await expect(section.getByText("Email n’est pas disponible").first()).toBeVisible();

  await section.getByLabel("Nouvelle adresse email").fill(newEmail);
  await section.getByRole("button", { name: "Changer mon adresse email" }).click();
  await expect(section.getByText("Un email de confirmation a été envoyé à la nouvelle adresse.", { exact: false })).toBeVisible();
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();

  const notice = await mailbox.latest(user.email, /Changement d’adresse email demandé/);
  expect(notice.text).toContain(newEmail);
  expect(notice.links.some((link) => link.endsWith("/mot-de-passe-oublie"))).toBe(true);
  expect(notice.links.some((link) => link.includes("/aide"))).toBe(true);

  const confirmation = await mailbox.latest(newEmail, /Confirmez votre nouvelle adresse/);
  await page.goto(Mailbox.link(confirmation, "/changement-email/"));
  await page.getByRole("button", { name: "Confirmer cette adresse" }).click();
  await expect(page.getByText("Votre adresse email a été modifiée.", { exact: false })).toBeVisible();
  await page.goto("/compte");
  await expect(page.getByText(newEmail, { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Activité récente" }).getByRole("cell", { name: "Adresse email modifiée" })).toBeVisible();
});
