import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, Mailbox, signIn, test, uniqueUser } from "./fixtures";

// The breached-password check against the stand-in of the range API that
// scripts/e2e-server.mjs serves on loopback (the app's PWNED_PASSWORDS_URL);
// each test sets it up through its control routes. The app keeps a range it
// was answered for a few minutes, so a password meant to leak later is signed
// up while the service fails (failures are not kept).

const standIn = (): string => JSON.parse(readFileSync(path.join(".data", "e2e", "pwned-passwords.json"), "utf8")).url;
const METRICS_TOKEN = "e2e-metrics-token-e2e-metrics-token";
const LEAK_MESSAGE = "Ce mot de passe figure dans des fuites de données connues. Choisissez-en un autre.";
const NOTICE = "Votre mot de passe figure dans des fuites de données connues. Changez-le dès maintenant.";

let serial = 0;
/** A password of this test alone (long, not common, unlike any pseudo). */
const freshPassword = () => `Lagune-Cerf-${Date.now().toString(36)}-${(serial += 1)}`;

async function control(request: APIRequestContext, route: string, body: object = {}) {
  const response = await request.post(`${standIn()}/control/${route}`, { data: body });
  expect(response.ok()).toBeTruthy();
}

async function rangeRequests(request: APIRequestContext): Promise<{ prefix: string; padding: boolean }[]> {
  return (await request.get(`${standIn()}/control/requests`)).json();
}

async function unavailableChecks(request: APIRequestContext): Promise<number> {
  const text = await (await request.get("/api/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  return Number(/^sesame_breach_checks_total\{result="unavailable"\} (\d+)$/m.exec(text)?.[1] ?? 0);
}

// Each journey signs up (and some sign in twice and change the password): longer than most specs.
test.beforeEach(({ request }) => {
  test.slow();
  return control(request, "reset");
});
test.afterAll(({ request }) => control(request, "reset"));

async function fillSignUp(page: Page, user: { pseudo: string; email: string }, password: string) {
  await page.getByLabel("Pseudo").fill(user.pseudo);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Mot de passe", { exact: true }).fill(password);
  await page.getByLabel("Confirmez le mot de passe").fill(password);
}

async function signUpWith(page: Page, mailbox: Mailbox, password: string) {
  const user = uniqueUser("leak");
  await page.goto("/inscription");
  await fillSignUp(page, user, password);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Un email contenant un lien de confirmation vous a été envoyé." })).toBeVisible();
  const email = await mailbox.latest(user.email, /Confirmez votre compte/);
  await page.goto(Mailbox.link(email, "/confirmation/"));
  await page.getByRole("button", { name: "Confirmer mon compte" }).click();
  await expect(page.getByText("Votre compte a été confirmé. Vous pouvez maintenant vous connecter.")).toBeVisible();
  return user;
}

/** The notice shows once the lookup that follows the sign-in's answer has landed: /compte is reloaded until then. */
async function expectNotice(page: Page) {
  await expect(async () => {
    await page.goto("/compte");
    await expect(page.getByRole("alert").filter({ hasText: NOTICE })).toBeVisible({ timeout: 1000 });
  }).toPass();
}

test("a leaked password is refused at sign-up with the message, without the checklist asking anything; a clean one is accepted", async ({
  page,
  request,
}) => {
  const leaked = freshPassword();
  await control(request, "breached", { password: leaked });
  const browserAsked: string[] = [];
  page.on("request", (sent) => {
    if (sent.url().startsWith(standIn()) || sent.url().includes("pwnedpasswords")) browserAsked.push(sent.url());
  });

  const user = uniqueUser("leak");
  await page.goto("/inscription");
  await fillSignUp(page, user, leaked);
  // The checklist judges the local rules only; it neither asks the range API nor claims the password was looked up.
  const rule = (name: string) => page.getByRole("listitem").filter({ hasText: name });
  await expect(rule("Pas trop commun")).not.toContainText("pas encore");
  await expect(page.getByText(/fuites de données/)).toHaveCount(0);
  expect(await rangeRequests(request)).toEqual([]);

  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByText(LEAK_MESSAGE).first()).toBeVisible();
  const asked = await rangeRequests(request);
  expect(asked).toHaveLength(1);
  expect(asked[0]).toMatchObject({ padding: true });
  expect(asked[0]!.prefix).toMatch(/^[0-9A-F]{5}$/);

  const clean = freshPassword();
  await page.getByLabel("Mot de passe", { exact: true }).fill(clean);
  await page.getByLabel("Confirmez le mot de passe").fill(clean);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Un email contenant un lien de confirmation vous a été envoyé." })).toBeVisible();
  expect(browserAsked).toEqual([]);
});

test("with the service down (503) or hanging past the timeout, a leaked password is accepted and counted", async ({ page, request }) => {
  const before = await unavailableChecks(request);
  for (const mode of ["fail", "hang"]) {
    const leaked = freshPassword();
    await control(request, "breached", { password: leaked });
    await control(request, "mode", { mode });
    await page.goto("/inscription");
    await fillSignUp(page, uniqueUser("down"), leaked);
    await page.getByRole("button", { name: "Créer mon compte" }).click();
    await expect(
      page.getByRole("status").filter({ hasText: "Un email contenant un lien de confirmation vous a été envoyé." }),
    ).toBeVisible();
  }
  expect(await unavailableChecks(request)).toBe(before + 2);
});

test("a password that leaked after sign-up: the notice on /compte after signing in through the form, gone after a change", async ({
  page,
  mailbox,
  request,
}) => {
  const password = freshPassword();
  await control(request, "mode", { mode: "fail" });
  const user = await signUpWith(page, mailbox, password);
  // Not known to have leaked (the lookup after this sign-in fails): no notice.
  await signIn(page, user.email, password);
  await expect(page).toHaveURL(/\/compte$/);
  await expect(page.getByText(NOTICE)).toHaveCount(0);

  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();
  await control(request, "mode", { mode: "ok" });
  await control(request, "breached", { password });
  await signIn(page, user.email, password);
  await expect(page).toHaveURL(/\/compte$/);
  await expectNotice(page);

  const section = page.getByRole("region", { name: "Changer de mot de passe" });
  const next = freshPassword();
  await section.getByLabel("Mot de passe actuel").fill(password);
  await section.getByLabel("Nouveau mot de passe").fill(next);
  await section.getByLabel("Confirmez le mot de passe").fill(next);
  await section.getByRole("button", { name: "Changer mon mot de passe" }).click();
  await expect(section.getByText("Votre mot de passe a été modifié. Vos autres sessions ont été fermées.")).toBeVisible();
  await expect(page.getByText(NOTICE)).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Mon compte" })).toBeVisible();
  await expect(page.getByText(NOTICE)).toHaveCount(0);
});

test("a leaked password signed in through Auth.js's callback shows the notice too; a wrong one asks nothing", async ({
  page,
  mailbox,
  request,
}) => {
  const password = freshPassword();
  await control(request, "mode", { mode: "fail" });
  const user = await signUpWith(page, mailbox, password);
  await control(request, "mode", { mode: "ok" });
  await control(request, "breached", { password });
  const asked = (await rangeRequests(request)).length;

  const callback = async (secret: string) => {
    const { csrfToken } = await (await page.request.get("/api/auth/csrf")).json();
    return page.request.post("/api/auth/callback/credentials", {
      form: { csrfToken, identifier: user.pseudo, password: secret, callbackUrl: "/compte" },
      maxRedirects: 0,
    });
  };
  const wrong = await callback("Pas-le-bon-mot-de-passe-1");
  expect(wrong.headers().location).toContain("error=");
  expect((await rangeRequests(request)).length).toBe(asked);

  const right = await callback(password);
  expect(right.status()).toBe(302);
  expect(right.headers().location).not.toContain("error=");
  await expectNotice(page);
});
