import { test as base, expect, type APIRequestContext, type CDPSession, type Page } from "@playwright/test";
import { env } from "../lib/env";
import { generate } from "otplib";

// Shared fixtures: the development mailbox read through /api/dev/mailbox, the user factory,
// and the settings the server runs with.

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

/**
 * The server's settings the tests depend on, read as the server reads them: scripts/e2e-server.mjs
 * passes this process's environment on, so a LOCKOUT_MAX_ATTEMPTS set for the run holds for both.
 */
export const settings = {
  maxAttempts: env().LOCKOUT_MAX_ATTEMPTS,
  unlockAfterMinutes: env().LOCKOUT_UNLOCK_AFTER_MINUTES,
  confirmTokenHours: env().CONFIRM_TOKEN_TTL_HOURS,
  resetTokenMinutes: env().RESET_TOKEN_TTL_MINUTES,
};

export type TestUser = { id: string; pseudo: string; email: string };

/**
 * An account made in one request by the test-only factory (POST /api/test/users, on only in
 * the e2e server): for every test whose subject is not signing up. Confirmed unless told
 * otherwise; `locked` locks its shared path as the maximum of wrong passwords would (the
 * unlock email included), for tests whose subject is not reaching the lockout.
 */
export async function createUser(
  request: APIRequestContext,
  options: { confirmed?: boolean; locked?: boolean; prefix?: string; locale?: "fr" | "en" } = {},
): Promise<TestUser> {
  const response = await request.post("/api/test/users", { data: { password: PASSWORD, ...options } });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

/** Locks an existing account's shared path, as createUser's `locked` does. */
export async function lockAccount(request: APIRequestContext, email: string): Promise<void> {
  const response = await request.post("/api/test/users/lock", { data: { email } });
  expect(response.status()).toBe(204);
}

/** Signs up through the form (as `as`, else someone new) and, unless told not to, confirms through the emailed link. */
export async function signUp(page: Page, mailbox: Mailbox, options: { confirm?: boolean; as?: { pseudo: string; email: string } } = {}) {
  const user = options.as ?? uniqueUser();
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

/**
 * Chromium's virtual authenticator (CDP WebAuthn domain) as the page's passkey
 * provider: a platform authenticator with discoverable credentials that
 * verifies its user, so the browser's real WebAuthn stack runs.
 */
export async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return { cdp, authenticatorId };
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

/** The authenticator app of a user with two-step on: the code of the time step `steps` away from now (30 s steps). */
export const appCode = (key: string, steps = 0) => generate({ secret: key, epoch: Math.floor((Date.now() + steps * 30_000) / 1000) });

export const twoStepSection = (page: Page) => page.getByRole("region", { name: "Validation en deux étapes" });

/** Turns two-step on from /compte as its owner would (signed in); returns the key (spaces removed) and the recovery codes shown. */
export async function turnOnTwoStep(page: Page): Promise<{ key: string; recoveryCodes: string[] }> {
  await page.goto("/compte");
  const twoStep = twoStepSection(page);
  await twoStep.getByLabel("Mot de passe actuel").fill(PASSWORD);
  await twoStep.getByRole("button", { name: "Activer la validation en deux étapes" }).click();
  await expect(twoStep.getByRole("img", { name: /Code QR/ })).toBeVisible();
  const key = (await twoStep.getByLabel("Clé de configuration").innerText()).replace(/\s/g, "");
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await twoStep.getByLabel("Code à 6 chiffres").fill(await appCode(key));
  await twoStep.getByRole("button", { name: "Activer", exact: true }).click();
  const list = twoStep.getByRole("list", { name: "Codes de secours" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const recoveryCodes = await list.getByRole("listitem").allInnerTexts();
  for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
  await expect(twoStep.getByRole("link", { name: "Télécharger les codes" })).toHaveAttribute("download", /\.txt$/);
  return { key, recoveryCodes };
}

export const test = base.extend<{ mailbox: Mailbox }>({
  mailbox: async ({ request }, provide) => {
    await provide(new Mailbox(request));
  },
});

export { expect };
