import type { Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { axeViolations as violations } from "./axe";
import { createUser, expect, PASSWORD, signIn, test } from "./fixtures";

// axe with the WCAG 2.2 A and AA rules (target-size, 2.5.8, included) on
// every page and every error state a visitor can reach, in both languages.

// About 25 pages and states per language: on a busy shared machine that may outlast the default.
test.describe.configure({ timeout: 180_000 });

/** Submits the page's main form empty, so that its error summary and field errors show. */
async function submitEmpty(page: Page, button: string) {
  await page.getByRole("button", { name: button, exact: true }).first().click();
  await expect(page.getByRole("alert").or(page.locator("[aria-invalid=true]")).first()).toBeVisible();
}

const languages = [
  {
    name: "fr",
    signIn: "Se connecter",
    signUp: "Créer mon compte",
    send: "Envoyer",
    contact: "Envoyer le message",
  },
  {
    name: "en",
    signIn: "Sign in",
    signUp: "Create my account",
    send: "Send",
    contact: "Send the message",
  },
] as const;

for (const language of languages) {
  test(`every public page and its error states pass axe's WCAG 2.2 AA rules (${language.name})`, async ({ page, context }) => {
    await context.addCookies([{ name: "NEXT_LOCALE", value: language.name, url: baseURL }]);
    const found: string[] = [];
    const open = async (path: string) => {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
    };
    const visit = async (path: string) => {
      await open(path);
      found.push(...(await violations(page, path)));
    };

    for (const path of [
      "/connexion",
      "/connexion?error=invalidCredentials",
      "/connexion?code=locked&minutes=60",
      "/connexion?notice=confirmed",
      "/inscription",
      "/mot-de-passe-oublie",
      "/mot-de-passe-oublie?code=invalidLink",
      "/confirmation",
      "/confirmation?code=invalidLink",
      "/deverrouillage",
      "/deverrouillage?code=invalidLink",
      "/reinitialisation/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "/aide",
      "/page-qui-n-existe-pas",
      "/dev/mailbox",
    ])
      await visit(path);

    // Pages checked above as they first show, now in their error states.
    await open("/connexion");
    await submitEmpty(page, language.signIn);
    found.push(...(await violations(page, "/connexion, empty submit")));

    await open("/inscription");
    await submitEmpty(page, language.signUp);
    found.push(...(await violations(page, "/inscription, empty submit")));

    for (const path of ["/mot-de-passe-oublie", "/confirmation", "/deverrouillage"]) {
      await open(path);
      await submitEmpty(page, language.send);
      found.push(...(await violations(page, `${path}, empty submit`)));
      await page.getByRole("textbox").first().fill("personne@example.test");
      // The action's answer, and what the page fetches after it, must be in: until then Next may still take the title away.
      const answered = page.waitForResponse((response) => response.request().method() === "POST");
      await page.getByRole("button", { name: language.send, exact: true }).first().click();
      await answered;
      await page.waitForLoadState("networkidle");
      await expect(page.getByRole("status").or(page.getByRole("alert")).first()).toBeVisible();
      found.push(...(await violations(page, `${path}, sent`)));
    }

    await open("/aide");
    await page.getByRole("button", { name: language.contact, exact: true }).click();
    await expect(page.locator("[aria-invalid=true]").first()).toBeVisible();
    found.push(...(await violations(page, "/aide, empty contact form")));

    expect(found).toEqual([]);
  });
}

test("the account page and its error states pass axe's WCAG 2.2 AA rules, in French and English", async ({ page, request }) => {
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  const found: string[] = [];
  found.push(...(await violations(page, "/compte")));

  const passwordSection = page.getByRole("region", { name: "Changer de mot de passe" });
  await passwordSection.getByRole("button", { name: "Changer mon mot de passe" }).click();
  await expect(passwordSection.locator("[aria-invalid=true]").first()).toBeVisible();
  found.push(...(await violations(page, "/compte, empty password change")));

  await page.goto("/compte?code=rateLimited");
  found.push(...(await violations(page, "/compte?code=rateLimited")));

  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL }]);
  await page.goto("/compte");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  found.push(...(await violations(page, "/compte (en)")));
  const englishSection = page.getByRole("region", { name: "Change password" });
  await englishSection.getByRole("button", { name: "Change my password" }).click();
  await expect(englishSection.locator("[aria-invalid=true]").first()).toBeVisible();
  found.push(...(await violations(page, "/compte (en), empty password change")));

  expect(found).toEqual([]);
});
