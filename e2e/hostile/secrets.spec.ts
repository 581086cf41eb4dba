import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { signIn } from "../fixtures";
import { apiContext, changed, confirmedAccount, emailedLink, formOf, outboxSettled, serverLog, snapshot } from "./stage";

// No password, token, hash or server secret may reach the logs, the client
// bundle, or any response a browser receives (HTML, RSC payloads, JSON),
// except a token in the answer to the very URL that carries it.

const SECRETS = {
  AUTH_SECRET: "e2e-hostile-secret-e2e-hostile-secret-00",
  RESEND_API_KEY: "re_e2e_hostile_key",
  RESEND_WEBHOOK_SECRET: "whsec_ZTJlLWhvc3RpbGUtd2ViaG9vay1zZWNyZXQtMDEyMzQ1",
};

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test("a whole journey leaves no password, token, hash or secret in responses, logs or the client bundle", async ({ page }) => {
  const user = { pseudo: `secret${Date.now().toString(36)}`, email: `secret${Date.now().toString(36)}@example.test` };
  const first = "Givre-Tulipe-Kayak-73";
  const second = "Ortie-Galet-Brume-58";
  const third = "Lune-Cactus-Violon-42";
  const wrong = "Wrong-Password-000x";

  const responses: { url: string; body: string }[] = [];
  page.on("response", async (response) => {
    const type = response.headers()["content-type"] ?? "";
    if (!/html|json|text\/x-component|javascript|text\/plain/.test(type)) return;
    responses.push({ url: response.url(), body: await response.text().catch(() => "") });
  });

  // Sign up, confirm, a wrong then a right sign-in, change the password, sign out,
  // forget it, reset it, sign in with the new one.
  await page.goto("/inscription");
  await page.getByLabel("Pseudo").fill(user.pseudo);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Mot de passe", { exact: true }).fill(first);
  await page.getByLabel("Confirmez le mot de passe").fill(first);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByRole("status")).toContainText("lien de confirmation");
  const confirmPath = await emailedLink(user.email, "/confirmation/");
  await page.goto(confirmPath);
  await page.getByRole("button", { name: "Confirmer mon compte" }).click();
  await expect(page.getByText("Votre compte a été confirmé")).toBeVisible();

  for (const password of [wrong, first]) {
    await signIn(page, user.email, password);
    await page.waitForLoadState("networkidle");
  }
  await expect(page).toHaveURL(/\/compte/);
  const section = page.getByRole("region", { name: "Changer de mot de passe" });
  await section.getByLabel("Mot de passe actuel").fill(first);
  await section.getByLabel("Nouveau mot de passe").fill(second);
  await section.getByLabel("Confirmez le mot de passe").fill(second);
  await section.getByRole("button", { name: "Changer mon mot de passe" }).click();
  await expect(page.getByText("Votre mot de passe a été modifié.")).toBeVisible();
  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();
  await expect(page).toHaveURL(/\/connexion/);

  await page.goto("/mot-de-passe-oublie");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByRole("button", { name: "Envoyer" }).click();
  await expect(page.getByRole("status")).toBeVisible();
  const resetPath = await emailedLink(user.email, "/reinitialisation/");
  await page.goto(resetPath);
  await page.getByLabel("Nouveau mot de passe").fill(third);
  await page.getByLabel("Confirmez le mot de passe").fill(third);
  await page.getByRole("button", { name: "Changer mon mot de passe" }).click();
  await expect(page).toHaveURL(/notice=passwordChanged/);
  await signIn(page, user.pseudo, third);
  await expect(page).toHaveURL(/\/compte/);

  const tokens = [confirmPath, resetPath].map((link) => link.split("/").at(-1)!);
  const digests = tokens.map((token) => createHash("sha256").update(token).digest("hex"));
  const forbidden = [
    first,
    second,
    third,
    wrong,
    ...digests,
    "$argon2id$",
    SECRETS.AUTH_SECRET,
    SECRETS.RESEND_API_KEY,
    SECRETS.RESEND_WEBHOOK_SECRET,
    "postgresql://",
  ];

  // Responses: everything but the answer to the URL a token itself opens.
  expect(responses.length).toBeGreaterThan(20);
  for (const { url, body } of responses) {
    const opensToken = tokens.some((token) => url.includes(token));
    for (const secret of [...forbidden, ...(opensToken ? [] : tokens)]) {
      expect(body.includes(secret), `${secret.slice(0, 12)}… in ${url}`).toBe(false);
    }
  }

  // The server's own output over the whole hostile run (faults included).
  const log = await serverLog();
  expect(log.length).toBeGreaterThan(0);
  for (const secret of [...forbidden, ...tokens]) expect(log.includes(secret), `${secret.slice(0, 12)}… in the server log`).toBe(false);
  // One JSON object per line (the stage logs at debug: every request's line is scanned too), and no full
  // email address in any (the faults' provider and database errors included): at most its first character.
  const lines = log.split("\n").filter((line) => line.startsWith("{"));
  expect(lines.length).toBeGreaterThan(100);
  const events = lines.map(
    (line) => JSON.parse(line) as { level: string; time: string; event?: string; requestId?: string; outcome?: string },
  );
  for (const event of events) expect(typeof event.level === "string" && typeof event.time === "string", JSON.stringify(event)).toBe(true);
  expect(log.match(/[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9-]+\.[A-Za-z]/g) ?? []).toEqual([]);
  const signIns = events.filter((event) => event.event === "signin");
  expect(signIns.some((event) => event.outcome === "ok" && event.requestId)).toBe(true);
  expect(signIns.some((event) => event.outcome === "wrong")).toBe(true);
  expect(events.some((event) => event.event === "http.request" && event.requestId)).toBe(true);

  // Everything a browser may download from the build.
  const bundle = filesUnder(".next/static").filter((file) => /\.(js|css|json|txt)$/.test(file));
  expect(bundle.length).toBeGreaterThan(5);
  for (const file of bundle) {
    const text = readFileSync(file, "utf8");
    for (const secret of [
      SECRETS.AUTH_SECRET,
      SECRETS.RESEND_API_KEY,
      SECRETS.RESEND_WEBHOOK_SECRET,
      "$argon2id$",
      "DATABASE_URL",
      "e2e-only-secret",
    ]) {
      expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
    }
  }
});

test("posts from another site are refused by server actions and by Auth.js, and change nothing", async () => {
  const request = await apiContext();
  await outboxSettled();
  const before = await snapshot();

  // A server action (the sign-up form) posted from another origin.
  const hidden = await formOf(request, "/inscription", "pseudo");
  const multipart: Record<string, string> = Object.fromEntries(hidden);
  Object.assign(multipart, {
    pseudo: "crosssite01",
    email: "crosssite01@example.test",
    password: "Ortie-Galet-Brume-58",
    passwordConfirmation: "Ortie-Galet-Brume-58",
  });
  const action = await request.post("/inscription", { multipart, headers: { origin: "https://evil.example" }, maxRedirects: 0 });
  expect(action.status()).toBe(403);
  expect(await action.text()).not.toContain("lien de confirmation vous a été envoyé");

  // Auth.js's sign-in without its CSRF cookie (a cross-site form cannot send it: SameSite=Lax).
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const stranger = await apiContext();
  const signIn = await stranger.post("/api/auth/callback/credentials", {
    form: { csrfToken, identifier: "hostile01", password: "Givre-Tulipe-Kayak-73" },
    headers: { origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(signIn.headers()["location"] ?? "").toContain("error=MissingCSRF");
  expect((await stranger.storageState()).cookies.map((cookie) => cookie.name)).not.toContain("authjs.session-token");

  expect(changed(before, await snapshot())).toEqual([]);
  await Promise.all([request.dispose(), stranger.dispose()]);
});

test("with emails going to a provider, the development mailbox does not exist: its pages and its API answer 404", async () => {
  const request = await apiContext();
  for (const url of ["/dev/mailbox", "/dev/mailbox/00000000-0000-0000-0000-000000000000", "/api/dev/mailbox?to=hostile01@example.test"]) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(404);
    const body = await response.text();
    expect(body, url).not.toContain("@example.test");
    if (!url.startsWith("/api/")) expect(body, url).toContain("Page introuvable");
  }
  await request.dispose();
});

test("session and device cookies are HttpOnly and SameSite=Lax, the device one Secure and __Host-", async ({ page }) => {
  const request = await apiContext();
  await confirmedAccount(request, "cookies01", "Givre-Tulipe-Kayak-73");
  await request.dispose();
  await signIn(page, "cookies01", "Givre-Tulipe-Kayak-73");
  await expect(page).toHaveURL(/\/compte/);
  const cookies = await page.context().cookies();
  // Auth.js adds Secure (and its __Secure- prefix) when served over https; the
  // device cookie is __Host- and Secure in every production build.
  const session = cookies.find((cookie) => cookie.name === "authjs.session-token");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  const device = cookies.find((cookie) => cookie.name === "__Host-sesame.device");
  expect(device).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: true });
});
