import type { APIRequestContext, Page } from "@playwright/test";
import { expect, Mailbox, PASSWORD, signIn, test, uniqueUser } from "./fixtures";

// The status line (docs/email-delivery.md): the browser that asked sees what became of its
// email. The outbox transport marks an email delivered once it is in the
// development mailbox; its events API plays the provider's other events.

async function play(request: APIRequestContext, emailId: string, type: "delivered" | "delayed" | "bounced" | "complained") {
  const response = await request.post(`/api/dev/mailbox/${emailId}/events`, {
    data: { type, bounce: { type: "Permanent", message: "550 5.1.1 user unknown" } },
  });
  expect(response.status()).toBe(200);
}

const statusLine = (page: Page) => page.locator("[data-email-state]");

test("a sign-up whose confirmation bounces gets its address corrected, then confirms and signs in", async ({ page, mailbox, request }) => {
  const user = uniqueUser("typo");
  const mistyped = `${user.pseudo}@exmaple.test`;
  await page.goto("/inscription");
  await page.getByLabel("Pseudo").fill(user.pseudo);
  await page.getByLabel("Email", { exact: true }).fill(mistyped);
  await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirmez le mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(statusLine(page)).toContainText(
    /Envoi en cours à t•••@exmaple\.test…|Email remis à votre messagerie \(t•••@exmaple\.test\)/,
  );

  const sent = await mailbox.latest(mistyped, /Confirmez votre compte/);
  await play(request, sent.id, "bounced");
  await expect(statusLine(page)).toHaveText(
    /^Votre messagerie a refusé l’email envoyé à t•••@exmaple\.test\. L’adresse est peut-être mal écrite\./,
  );
  await page.screenshot({ path: "test-results/screenshots/status-refused.png", fullPage: true });

  const correction = page.getByRole("form", { name: "Corriger l’adresse" });
  await correction.getByLabel("Email").fill(user.email);
  await correction.getByRole("button", { name: "Corriger et renvoyer" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Adresse corrigée" })).toBeVisible();
  await expect(statusLine(page)).toContainText(`Email remis à votre messagerie (t•••@example.test) à`);
  await page.screenshot({ path: "test-results/screenshots/status-delivered.png", fullPage: true });

  // The old link no longer works; the new one does.
  await page.goto(Mailbox.link(sent, "/confirmation/"));
  await expect(page.getByText("Ce lien n’est plus valide. Demandez-en un nouveau.")).toBeVisible();
  const fresh = await mailbox.latest(user.email, /Confirmez votre compte/);
  await page.goto(Mailbox.link(fresh, "/confirmation/"));
  await page.getByRole("button", { name: "Confirmer mon compte" }).click();
  await expect(page.getByText("Votre compte a été confirmé. Vous pouvez maintenant vous connecter.")).toBeVisible();
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
});

test("without JavaScript, correcting a bounced sign-up's address says « Adresse corrigée » and follows the new email", async ({
  browser,
  mailbox,
  request,
}) => {
  const user = uniqueUser("plaintypo");
  const mistyped = `${user.pseudo}@exmaple.test`;
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto("/inscription");
  await plain.getByLabel("Pseudo").fill(user.pseudo);
  await plain.getByLabel("Email", { exact: true }).fill(mistyped);
  await plain.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
  await plain.getByLabel("Confirmez le mot de passe").fill(PASSWORD);
  await plain.getByRole("button", { name: "Créer mon compte" }).click();
  const sent = await mailbox.latest(mistyped, /Confirmez votre compte/);
  await play(request, sent.id, "bounced");

  await plain.goto("/suivi-email");
  const correction = plain.getByRole("form", { name: "Corriger l’adresse" });
  await correction.getByLabel("Email").fill(user.email);
  await correction.getByRole("button", { name: "Corriger et renvoyer" }).click();

  await expect(plain.getByRole("status").filter({ hasText: "Adresse corrigée" })).toBeVisible();
  await expect(statusLine(plain)).toContainText(`${user.pseudo[0]}•••@example.test`);
  await expect(plain.getByRole("form", { name: "Corriger l’adresse" })).toHaveCount(0);
  await mailbox.latest(user.email, /Confirmez votre compte/);
  await noScript.close();
});

test("a reset request for a known and for an unknown address both end in 'Email remis', and the unknown one got no link", async ({
  page,
  mailbox,
}) => {
  const known = uniqueUser("known");
  await page.goto("/inscription");
  await page.getByLabel("Pseudo").fill(known.pseudo);
  await page.getByLabel("Email", { exact: true }).fill(known.email);
  await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirmez le mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(statusLine(page)).toBeVisible();

  const unknown = uniqueUser("nobody").email;
  for (const address of [known.email, unknown]) {
    await page.goto("/mot-de-passe-oublie");
    await page.getByLabel("Email").fill(address);
    await page.getByRole("button", { name: "Envoyer" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Si votre adresse email est enregistrée" })).toBeVisible();
    await expect(statusLine(page)).toContainText(`Email remis à votre messagerie (${address[0]}•••@example.test) à`);
    await expect(statusLine(page)).toContainText("regardez dans les courriers indésirables");
  }
  const reset = await mailbox.latest(known.email, /nouveau mot de passe/);
  expect(reset.links.some((link) => link.includes("/reinitialisation/"))).toBe(true);
  const answer = await mailbox.latest(unknown, /Votre demande sur Sésame/);
  expect(answer.text).toContain("Aucun compte Sésame n’utilise cette adresse");
  expect(answer.links.every((link) => new URL(link).pathname === "/aide")).toBe(true);
});

// "delayed" cannot follow the outbox transport's "delivered"; lib/mail/status.test.ts shows its words.
test("every state reads as docs/email-delivery.md says; another browser sees nothing; without JavaScript 'Actualiser' shows the news", async ({
  page,
  mailbox,
  request,
  browser,
}) => {
  const address = uniqueUser("states").email;
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto("/deverrouillage");
  await plain.getByLabel("Email").fill(address);
  await plain.getByRole("button", { name: "Envoyer" }).click();
  await expect(plain.getByText("Si votre compte est verrouillé")).toBeVisible();
  await expect(plain.locator("[data-email-state]")).toBeVisible();
  const email = await mailbox.latest(address, /Votre demande sur Sésame/);

  for (const [event, text] of [
    ["bounced", /^Votre messagerie a refusé l’email envoyé à s•••@example\.test\./],
    [
      "complained",
      /^Votre messagerie a classé nos emails comme indésirables : nous n’écrirons plus à s•••@example\.test\. Contactez-nous\./,
    ],
  ] as const) {
    await play(request, email.id, event);
    await plain.goto("/suivi-email");
    await expect(plain.locator("[data-email-state]")).toHaveText(text);
  }
  await plain.screenshot({ path: "test-results/screenshots/status-spam.png", fullPage: true });
  // A late "delivered" does not hide the complaint.
  await play(request, email.id, "delivered");
  await plain.goto("/suivi-email");
  await expect(plain.locator("[data-email-state]")).toHaveAttribute("data-email-state", "spam");

  // Another browser follows nothing, and cannot ask.
  await page.goto("/suivi-email");
  await expect(page.getByText("Aucun email à suivre depuis ce navigateur.")).toBeVisible();
  expect((await page.request.get("/api/email-status")).status()).toBe(404);
  await noScript.close();
});
