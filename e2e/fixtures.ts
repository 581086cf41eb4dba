import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";

// Shared fixtures: the development mailbox read through /api/dev/mailbox.

export type MailboxEmail = { id: string; to: string; subject: string; html: string; text: string; links: string[]; createdAt: string };

export class Mailbox {
  constructor(private readonly request: APIRequestContext) {}

  async list(to: string): Promise<MailboxEmail[]> {
    const response = await this.request.get(`/api/dev/mailbox?to=${encodeURIComponent(to)}`);
    expect(response.ok()).toBeTruthy();
    return response.json();
  }

  /** Waits for the newest email to `to` whose subject matches, and returns it. */
  async latest(to: string, subject: RegExp, options: { after?: number } = {}): Promise<MailboxEmail> {
    let found: MailboxEmail | undefined;
    await expect
      .poll(async () => {
        const emails = await this.list(to);
        found = emails.find((email) => subject.test(email.subject) && (!options.after || Date.parse(email.createdAt) >= options.after));
        return Boolean(found);
      })
      .toBe(true);
    return found!;
  }

  /** The first link of an email that leads to `path`. */
  static link(email: MailboxEmail, path: string): string {
    const link = email.links.find((candidate) => new URL(candidate).pathname.startsWith(path));
    if (!link) throw new Error(`no link to ${path} in "${email.subject}"`);
    return link;
  }
}

let counter = 0;
/** A unique pseudo and address for one test. */
export function uniqueUser(prefix = "e2e") {
  counter += 1;
  const pseudo = `${prefix}${Date.now().toString(36)}${counter}`;
  return { pseudo, email: `${pseudo}@example.test` };
}

export const PASSWORD = "Givre-Tulipe-Kayak-73";

/** Signs up through the form and, unless told not to, confirms through the emailed link. */
export async function signUp(page: Page, mailbox: Mailbox, options: { confirm?: boolean } = {}) {
  const user = uniqueUser();
  await page.goto("/inscription");
  await page.getByLabel("Pseudo").fill(user.pseudo);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirmez le mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Un email contenant un lien de confirmation vous a été envoyé." })).toBeVisible();
  if (options.confirm !== false) {
    const email = await mailbox.latest(user.email, /Confirmez votre compte/);
    await page.goto(Mailbox.link(email, "/confirmation/"));
    await page.getByRole("button", { name: "Confirmer mon compte" }).click();
    await expect(page.getByText("Votre compte a été confirmé. Vous pouvez maintenant vous connecter.")).toBeVisible();
  }
  return user;
}

export async function signIn(page: Page, identifier: string, password: string) {
  await page.goto("/connexion");
  await page.getByLabel("Email ou pseudo").fill(identifier);
  await page.getByLabel("Mot de passe", { exact: true }).fill(password);
  // The answer is awaited: a navigation right after the click could cancel a
  // submit still waiting for the form's lazily loaded schema.
  const answered = page.waitForResponse(
    (response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/connexion",
  );
  await page.getByRole("button", { name: "Se connecter", exact: true }).click();
  await answered;
}

export const test = base.extend<{ mailbox: Mailbox }>({
  mailbox: async ({ request }, provide) => {
    await provide(new Mailbox(request));
  },
});

export { expect };
