import type { APIResponse, Page, PlaywrightWorkerArgs } from "@playwright/test";
import { axeViolations } from "./axe";
import { createUser, expect, Mailbox, PASSWORD, signIn, signUp, test, uniqueUser } from "./fixtures";

// Confirmation, unlock and email-change links open a page with one button:
// mail scanners (Outlook Safe Links and the like) fetch every link of an
// email before its owner does, so only the button's POST may use it up.

async function expectAccessible(page: Page) {
  expect(await axeViolations(page, page.url())).toEqual([]);
}

function expectTokenHeaders(response: APIResponse | { headers(): Record<string, string> }, what: string) {
  expect(response.headers()["referrer-policy"], what).toBe("no-referrer");
  expect(response.headers()["cache-control"], what).toContain("no-store");
}

/** Fetches a link twice as a mail scanner does (GET, then HEAD; no cookies, no JavaScript, no redirects followed). */
async function scan(playwright: PlaywrightWorkerArgs["playwright"], link: string, button: string) {
  const scanner = await playwright.request.newContext();
  try {
    const get = await scanner.get(link, { maxRedirects: 0 });
    expect(get.status()).toBe(200);
    expectTokenHeaders(get, "GET");
    expect(await get.text()).toContain(button);
    const head = await scanner.head(link, { maxRedirects: 0 });
    expect(head.status()).toBe(200);
    expectTokenHeaders(head, "HEAD");
  } finally {
    await scanner.dispose();
  }
}

/** Presses the page's button and returns the answer of the POST it sends (the server action). */
async function press(page: Page, link: string, button: string) {
  const path = new URL(link).pathname;
  const posted = page.waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname === path);
  await page.getByRole("button", { name: button }).click();
  return posted;
}

test("a confirmation link fetched by a scanner still confirms the account when its owner presses the button", async ({
  page,
  mailbox,
  playwright,
}) => {
  const user = await signUp(page, mailbox, { confirm: false });
  const link = Mailbox.link(await mailbox.latest(user.email, /Confirmez votre compte/), "/confirmation/");
  await scan(playwright, link, "Confirmer mon compte");
  await scan(playwright, link, "Confirmer mon compte");

  const opened = await page.goto(link);
  expectTokenHeaders(opened!, "page");
  await expect(page.getByRole("heading", { level: 1, name: `Confirmer le compte « ${user.pseudo} »` })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/confirmation-lien.png" });
  await expectAccessible(page);
  // The language switch posts to the page too: it must not use the link up either.
  await page.getByRole("button", { name: "Read this site in English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Confirm the account “${user.pseudo}”` })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Lire ce site en français" }).click();
  // The switch's own post (to the same path) is answered before the button's is awaited.
  await expect(page.getByRole("button", { name: "Confirmer mon compte" })).toBeVisible();

  const posted = await press(page, link, "Confirmer mon compte");
  expectTokenHeaders(posted, "action POST");
  await expect(page).toHaveURL(/\/connexion\?notice=confirmed$/);
  await expect(page.getByText("Votre compte a été confirmé. Vous pouvez maintenant vous connecter.")).toBeVisible();

  // Used: opening it again says so at once, without a button.
  await page.goto(link);
  await expect(page.getByText("Cet email a déjà été confirmé, vous pouvez vous connecter.")).toBeVisible();
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
});

test("an unlock link fetched by a scanner still unlocks, with the button working without JavaScript", async ({
  page,
  mailbox,
  browser,
  playwright,
  request,
}) => {
  // Reaching the lock is lockout.spec.ts's subject; here it is where the link comes from.
  const user = await createUser(request, { locked: true });
  await signIn(page, user.email, "mauvais-mot");
  await expect(page.getByText("Votre compte est verrouillé")).toBeVisible();
  const link = Mailbox.link(await mailbox.latest(user.email, /Déverrouillez votre compte/), "/deverrouillage/");
  await scan(playwright, link, "Déverrouiller mon compte");
  await scan(playwright, link, "Déverrouiller mon compte");
  await signIn(page, user.email, PASSWORD);
  await expect(page.getByText("Votre compte est verrouillé")).toBeVisible();

  await page.goto(link);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Read this site in English" }).click();
  await expect(page.getByRole("button", { name: "Unlock my account" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Lire ce site en français" }).click();
  await expect(page.getByRole("button", { name: "Déverrouiller mon compte" })).toBeVisible();

  const noScript = await browser.newContext({ javaScriptEnabled: false });
  try {
    const owner = await noScript.newPage();
    await owner.goto(link);
    const posted = await press(owner, link, "Déverrouiller mon compte");
    expect(posted.status()).toBe(303);
    expectTokenHeaders(posted, "action POST without JavaScript");
    await expect(owner).toHaveURL(/\/connexion\?notice=unlocked$/);
    await expect(owner.getByText("Votre compte a été déverrouillé. Vous pouvez maintenant vous connecter.")).toBeVisible();
    await owner.goto(link);
    await expect(owner).toHaveURL(/\/deverrouillage\?code=invalidLink$/);
    await expect(owner.getByText("Ce lien n’est plus valide. Demandez-en un nouveau.")).toBeVisible();
  } finally {
    await noScript.close();
  }
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
});

test("an email-change link fetched by a scanner still changes the address; its page is accessible in both languages", async ({
  page,
  mailbox,
  browser,
  playwright,
  request,
}) => {
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  const newEmail = uniqueUser("moved").email;
  const section = page.getByRole("region", { name: "Changer d’adresse email" });
  await section.getByLabel("Nouvelle adresse email").fill(newEmail);
  await section.getByLabel("Mot de passe actuel").fill(PASSWORD);
  await section.getByRole("button", { name: "Changer mon adresse email" }).click();
  const link = Mailbox.link(await mailbox.latest(newEmail, /Confirmez votre nouvelle adresse/), "/changement-email/");
  await scan(playwright, link, "Confirmer cette adresse");

  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Nouvelle adresse email" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Read this site in English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New email address" })).toBeVisible();
  await expectAccessible(page);

  const noScript = await browser.newContext({ javaScriptEnabled: false, locale: "en-GB" });
  try {
    const owner = await noScript.newPage();
    await owner.goto(link);
    await press(owner, link, "Confirm this address");
    await expect(owner).toHaveURL(/\/connexion\?notice=emailChanged$/);
  } finally {
    await noScript.close();
  }
  await page.goto("/compte");
  await expect(page.getByText(newEmail, { exact: true })).toBeVisible();
});
