import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { axeViolations } from "./axe";
import { createUser, expect, lockAccount, PASSWORD, settings, signIn, signUp, test } from "./fixtures";

// The support console in a real browser: the journey of docs/support.md (a locked
// user writes, an agent finds the request, sees why, unlocks with a reason,
// the user sees it), the 404 everyone else gets, and axe on every /support page.

const AGENT = { pseudo: "supportagent", email: "supportagent@example.test" };

/** The agent named in scripts/e2e-server.mjs (SUPPORT_STAFF), made once by the factory, signed in on its own page. */
async function agentPage(browser: Browser, request: APIRequestContext, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR", ...options });
  const page = await context.newPage();
  const made = await request.post("/api/test/users", { data: { pseudo: AGENT.pseudo, password: PASSWORD } });
  expect([201, 409], "the agent exists").toContain(made.status());
  await signIn(page, AGENT.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  return page;
}

test("a locked user writes; an agent finds the request, sees the lock and the emails, unlocks with a reason; the user sees it", async ({
  page,
  mailbox,
  browser,
  request,
}) => {
  // Signed up through the form: the agent reads its confirmation email among those sent.
  const user = await signUp(page, mailbox);
  // Locked as the maximum of wrong passwords would (reaching it is lockout.spec.ts's subject).
  await lockAccount(request, user.email);
  await signIn(page, user.email, "mauvais-mot");
  await expect(page.getByText("Votre compte est verrouillé")).toBeVisible();
  const subject = `Je n’arrive pas à me connecter ${user.pseudo}`;
  await page.goto("/aide");
  await page.getByLabel("Votre email").fill(user.email);
  await page.getByLabel("Sujet").fill(subject);
  await page.getByLabel("Message").fill("Mon compte est verrouillé et je ne reçois rien.");
  await page.getByRole("button", { name: "Envoyer le message" }).click();
  await expect(page.getByText("Votre message a bien été envoyé.")).toBeVisible();

  const agent = await agentPage(browser, request);
  await agent.goto("/support/demandes");
  const demand = agent.getByRole("article", { name: subject });
  await expect(demand).toContainText("nouvelle");
  await demand.getByRole("link", { name: `Ouvrir le compte de ${user.email}` }).click();
  await expect(agent.getByRole("heading", { name: `Compte ${user.pseudo}` })).toBeVisible();
  const state = agent.getByRole("region", { name: "État du compte" });
  await expect(state).toContainText("Verrouillé jusqu’à");
  await expect(state).toContainText(`${settings.maxAttempts} échecs`);
  await expect(state.getByRole("cell", { name: "Déverrouillage" })).toBeVisible();
  const emails = agent.getByRole("region", { name: "Emails envoyés" });
  await expect(emails).toContainText("Déverrouillez votre compte Sésame");
  await expect(emails).toContainText("Confirmez votre compte Sésame");
  await expect(agent.getByRole("region", { name: "Demandes de contact" })).toContainText(subject);

  const unlock = agent.getByRole("group", { name: "Déverrouiller le compte" });
  await unlock.getByLabel("Motif").fill("Demande d’aide reçue, identité vérifiée par email");
  await unlock.getByRole("button", { name: "Déverrouiller le compte" }).click();
  await expect(agent.getByRole("status").filter({ hasText: "Action effectuée." })).toBeVisible();
  await expect(agent.getByRole("region", { name: "État du compte" })).toContainText("Non verrouillé");
  await expect(agent.getByRole("region", { name: "Activité" })).toContainText("Demande d’aide reçue, identité vérifiée par email");

  await agent.goto("/support/demandes");
  await agent
    .getByRole("article", { name: subject })
    .getByRole("button", { name: /comme traitée/ })
    .click();
  await expect(agent.getByRole("status").filter({ hasText: "Action effectuée." })).toBeVisible();
  await expect(agent.getByRole("article", { name: subject })).toContainText("traitée");

  await mailbox.latest(user.email, /déverrouillé par le support/);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  const activity = page.getByRole("region", { name: "Activité récente" });
  await expect(activity).toContainText("Action du support : compte déverrouillé");
  await expect(activity).toContainText("Action du support : demande de contact traitée");
  // The agent's reason is theirs: the user sees what was done, not the agent's notes.
  await expect(activity).not.toContainText("identité vérifiée");
  await agent.context().close();
});

test("every /support page answers 404 to visitors and to ordinary users", async ({ page, request }) => {
  const paths = ["/support", "/support?q=a", "/support/demandes", "/support/comptes/00000000-0000-4000-8000-000000000000"];
  for (const path of paths) expect((await page.goto(path))!.status(), `signed out: ${path}`).toBe(404);
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  // Signed in for real: the 404 is the console's answer, not a lost session.
  expect(((await (await page.request.get("/api/auth/session")).json()) as { user: { email: string } }).user.email).toBe(user.email);
  for (const path of [...paths, "/support/comptes/not-a-uuid"])
    expect((await page.goto(path))!.status(), `ordinary user: ${path}`).toBe(404);
  await expect(page.getByRole("heading", { name: "Page introuvable" })).toBeVisible();
});

test("the console works without JavaScript: search, open an account, act with a reason", async ({ page, mailbox, browser, request }) => {
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  const agent = await agentPage(browser, request, { javaScriptEnabled: false });
  await agent.goto("/support");
  await agent.getByLabel("Email ou pseudo").fill(user.email.toUpperCase());
  await agent.getByRole("button", { name: "Rechercher", exact: true }).click();
  await agent.getByRole("link", { name: new RegExp(user.pseudo) }).click();
  await expect(agent.getByRole("region", { name: "Sessions" })).not.toContainText("Aucune session ouverte.");
  const signOut = agent.getByRole("group", { name: "Déconnecter toutes les sessions" });
  await signOut.getByLabel("Motif").fill("Téléphone perdu");
  await signOut.getByRole("button", { name: "Déconnecter toutes les sessions" }).click();
  await expect(agent.getByText("Action effectuée.")).toBeVisible();
  await expect(agent.getByRole("region", { name: "Sessions" })).toContainText("Aucune session ouverte.");
  await mailbox.latest(user.email, /fermées par le support/);
  await page.goto("/compte");
  await expect(page).toHaveURL(/\/connexion/);
  await agent.context().close();
});

for (const language of ["fr", "en"] as const) {
  test(`the /support pages pass axe's WCAG 2.2 AA rules, with their error states (${language})`, async ({ browser, request }) => {
    const user = await createUser(request);
    const agent = await agentPage(browser, request);
    await agent.context().addCookies([{ name: "NEXT_LOCALE", value: language, url: baseURL }]);
    await agent.goto("/support");
    const search = language === "fr" ? "Rechercher" : "Search";
    await agent.getByLabel(language === "fr" ? "Email ou pseudo" : "Email or pseudo").fill(user.pseudo);
    await agent.getByRole("button", { name: search, exact: true }).click();
    await agent.getByRole("link", { name: new RegExp(user.email) }).click();
    const found: string[] = [];
    const check = async (state: string) => {
      found.push(...(await axeViolations(agent, state)));
    };
    await check("account view");
    // A reason that is only spaces passes the browser's `required` and is refused by the server.
    const unlock = agent.getByRole("group", { name: language === "fr" ? "Déverrouiller le compte" : "Unlock the account" });
    await unlock.getByLabel(language === "fr" ? "Motif" : "Reason").fill("   ");
    await unlock.getByRole("button").click();
    await expect(agent.locator("[aria-invalid=true]")).toBeVisible();
    await check("account view, reason refused");
    await agent.goto(`/support?q=${encodeURIComponent(user.pseudo)}`);
    await check("search results");
    await agent.goto("/support?q=zzzz-nobody");
    await check("search without result");
    await agent.goto("/support/demandes");
    await check("requests");
    expect(found).toEqual([]);
    await agent.context().close();
  });
}
