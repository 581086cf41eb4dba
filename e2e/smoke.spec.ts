import { expect, test } from "./fixtures";

test("the sign-in page offers the seed's three help links and a way to sign up", async ({ page }) => {
  await page.goto("/connexion");
  await expect(page.getByRole("heading", { level: 1, name: "Connexion" })).toBeVisible();
  await expect(page.getByLabel("Email ou pseudo")).toBeVisible();
  await expect(page.getByLabel("Mot de passe", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Se connecter", exact: true })).toBeVisible();
  for (const name of [
    "Mot de passe oublié ?",
    "Vous n’avez pas reçu d’instructions de confirmation ?",
    "Vous n’avez pas reçu d’instructions de déverrouillage ?",
    "Créer un compte",
  ]) {
    await expect(page.getByRole("link", { name })).toBeVisible();
  }
});

test("the help page opens from the footer", async ({ page }) => {
  await page.goto("/connexion");
  await page.getByRole("contentinfo").getByRole("link", { name: "Je n’arrive pas à me connecter" }).click();
  await expect(page).toHaveURL(/\/aide$/);
  await expect(page.getByRole("heading", { level: 1, name: "Je n’arrive pas à me connecter" })).toBeVisible();
});

test("the language switch turns the interface to English and back, and remembers it", async ({ page }) => {
  await page.goto("/connexion");
  await page.getByRole("button", { name: "Read this site in English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto("/aide");
  await expect(page.getByRole("heading", { level: 1, name: "I can’t sign in" })).toBeVisible();
  await page.getByRole("button", { name: "Lire ce site en français" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Je n’arrive pas à me connecter" })).toBeVisible();
});

test("a browser that prefers English gets English without choosing", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-GB" });
  const page = await context.newPage();
  await page.goto("/connexion");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await context.close();
});

test("pages carry the security headers and run under a strict CSP (a nonce, or the digests of a page built ahead) without a single violation", async ({
  page,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  const builtAhead = [
    "/connexion",
    "/connexion?code=invalidCredentials",
    "/inscription",
    "/mot-de-passe-oublie",
    "/confirmation?code=invalidLink",
    "/confirmation?error=invalidLink",
    "/deverrouillage",
  ];
  for (const path of [...builtAhead, "/aide", "/connexion?notice=signedOut", "/connexion?code=locked"]) {
    const response = await page.goto(path);
    const headers = response!.headers();
    expect(headers["content-security-policy"]).toMatch(
      builtAhead.includes(path)
        ? /script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/
        : /script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/,
    );
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    // One URL serves two languages: never from a shared cache.
    expect(headers["cache-control"]).toMatch(/^private, no-cache/);
    expect(headers["content-security-policy"]).not.toContain("unsafe-inline");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    expect(headers["x-powered-by"]).toBeUndefined();
    await page.waitForLoadState("networkidle");
  }
  // Auth.js's endpoints and the icon skip the proxy: next.config.ts gives them their headers.
  const csrf = (await page.request.get("/api/auth/csrf")).headers();
  expect(csrf["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(csrf["x-content-type-options"]).toBe("nosniff");
  expect(csrf["x-frame-options"]).toBe("DENY");
  const icon = (await page.request.get("/icon.svg")).headers();
  expect(icon["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(icon["x-content-type-options"]).toBe("nosniff");
  // The form still works under the policy: hydration and the lazy dictionaries ran.
  await page.goto("/inscription");
  await page.getByLabel("Mot de passe", { exact: true }).fill("azertyuiop");
  await expect(page.getByRole("listitem").filter({ hasText: "Pas trop commun" })).toContainText("pas encore respecté");
  // The English pages built ahead carry their own digests.
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: page.url() }]);
  await page.goto("/inscription");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create an account");
  await page.getByLabel("Password", { exact: true }).fill("azertyuiop");
  await expect(page.getByRole("listitem").filter({ hasText: "Not too common" })).toContainText("not met yet");
  expect(violations).toEqual([]);
});
