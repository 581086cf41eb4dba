import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import * as client from "openid-client";
import { baseURL } from "../playwright.config";
import { appCode, createUser, expect, PASSWORD, signIn, test, turnOnTwoStep } from "./fixtures";

// Sign in with Sésame (SPEC §12) as an application sees it: panva's
// openid-client in this process is the application, Chromium the user's
// browser. scripts/e2e-server.mjs registers the two clients and serves, on a
// free port it writes to .data/e2e/oidc.json, the application's callback (a
// plain page whose URL is handed to openid-client) and a back-channel logout
// receiver.

// Read once the server wrote it (test files are loaded before the servers start).
let application: { callback: string; received: string } | undefined;
function stage() {
  application ??= JSON.parse(readFileSync(".data/e2e/oidc.json", "utf8")) as { callback: string; received: string };
  return application;
}
const callbackOf = () => stage().callback;
const FORUM = { id: "e2e-forum", name: "Le Forum E2E" };
const SHOP = { id: "e2e-shop", secret: "e2e-shop-secret-e2e-shop-secret-e2e-shop-secret" };

async function discover(clientId: string, secret?: string): Promise<client.Configuration> {
  const config = await client.discovery(
    new URL(`${baseURL}/oidc`),
    clientId,
    undefined,
    secret ? client.ClientSecretBasic(secret) : client.None(),
    {
      execute: [client.allowInsecureRequests],
    },
  );
  // ID tokens are verified against the provider's published JWKS, not only trusted for coming over the connection.
  client.enableNonRepudiationChecks(config);
  return config;
}

async function authorization(config: client.Configuration, extra: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackOf(),
    scope: "openid email profile",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    ...extra,
  });
  return { url, checks: { pkceCodeVerifier: verifier, expectedState: state } };
}

async function reachedCallback(page: Page): Promise<URL> {
  await page.waitForURL((url) => url.href.startsWith(callbackOf()));
  return new URL(page.url());
}

/** Sésame's own sign-in form, on the page the flow led to. */
async function signInHere(page: Page, identifier: string, password = PASSWORD) {
  await expect(page).toHaveURL(/\/connexion\?returnTo=%2Foidc%2Finteraction%2F/);
  await page.getByLabel("Email ou pseudo").fill(identifier);
  await page.getByLabel("Mot de passe", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Se connecter", exact: true }).click();
}

test("an application signs a user in: discovery, consent, a verified ID token, userinfo, one-use refresh tokens", async ({
  page,
  request,
}) => {
  const user = await createUser(request);
  const config = await discover(FORUM.id);
  const metadata = config.serverMetadata();
  expect(metadata.issuer).toBe(`${baseURL}/oidc`);
  expect(metadata.response_types_supported).toEqual(["code"]);
  expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);
  expect(metadata.id_token_signing_alg_values_supported).toContain("RS256");

  const first = await authorization(config);
  await page.goto(first.url.href);
  await signInHere(page, user.email);
  await expect(page.getByText(`${FORUM.name} souhaite accéder à votre compte Sésame : votre pseudo et votre adresse email.`)).toBeVisible();
  await page.getByRole("button", { name: "Autoriser" }).click();
  const callback = await reachedCallback(page);

  const tokens = await client.authorizationCodeGrant(config, callback, first.checks);
  // The JWKS was fetched to check the ID token's signature.
  expect(client.getJwksCache(config)?.jwks.keys?.length).toBeGreaterThan(0);
  const claims = tokens.claims()!;
  expect(claims.iss).toBe(`${baseURL}/oidc`);
  expect(claims.aud).toBe(FORUM.id);
  expect(claims.sub).not.toContain(user.id);
  const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  expect(info).toMatchObject({ sub: claims.sub, email: user.email, email_verified: true, preferred_username: user.pseudo });

  // A second visit, signed in to Sésame: the consent given is not asked again, and the subject is the same.
  const second = await authorization(config);
  await page.goto(second.url.href);
  const again = await client.authorizationCodeGrant(config, await reachedCallback(page), second.checks);
  expect(again.claims()!.sub).toBe(claims.sub);

  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
  expect(refreshed.refresh_token).toBeTruthy();
  expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
  await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
});

test("a first-party application is not shown the consent page", async ({ page, request }) => {
  const user = await createUser(request);
  const config = await discover(SHOP.id, SHOP.secret);
  const { url, checks } = await authorization(config);
  await page.goto(url.href);
  await signInHere(page, user.pseudo);
  const tokens = await client.authorizationCodeGrant(config, await reachedCallback(page), checks);
  expect(tokens.claims()!.sub).toBeTruthy();
});

test("a request without PKCE is refused", async ({ page }) => {
  const config = await discover(SHOP.id, SHOP.secret);
  await page.goto(client.buildAuthorizationUrl(config, { redirect_uri: callbackOf(), scope: "openid", state: "s" }).href);
  const callback = await reachedCallback(page);
  expect(callback.searchParams.get("error")).toBe("invalid_request");
  expect(callback.searchParams.get("code")).toBeNull();
});

test("a redirect_uri that is not registered is refused on Sésame's side, without going there", async ({ page }) => {
  const config = await discover(FORUM.id);
  let left = false;
  await page.route("https://evil.example/**", (route) => {
    left = true;
    return route.abort();
  });
  const { url } = await authorization(config, { redirect_uri: "https://evil.example/callback" });
  const response = await page.goto(url.href);
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("heading", { name: "Connexion impossible" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL).origin);
  expect(left).toBe(false);
});

test("a locked account is refused by Sésame's own lockout inside the flow", async ({ page, request }) => {
  const user = await createUser(request, { locked: true });
  const config = await discover(FORUM.id);
  const { url } = await authorization(config);
  await page.goto(url.href);
  await signInHere(page, user.email);
  await expect(page.getByText("Votre compte est verrouillé")).toBeVisible();
  await expect(page).toHaveURL(/\/connexion/);
  expect(page.url().startsWith(callbackOf())).toBe(false);
});

test("a two-step account gives its code inside the flow, and the application gets nothing before", async ({ page, request }) => {
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  const { key } = await turnOnTwoStep(page);
  await page.context().clearCookies();

  const config = await discover(SHOP.id, SHOP.secret);
  const { url, checks } = await authorization(config);
  await page.goto(url.href);
  await signInHere(page, user.email);
  await expect(page).toHaveURL(/\/connexion\/code\?returnTo=%2Foidc%2Finteraction%2F/);
  // The step after the one used to turn it on: each step is accepted once.
  await page.getByLabel("Code", { exact: true }).fill(await appCode(key, 1));
  await page.getByRole("button", { name: "Valider" }).click();
  const tokens = await client.authorizationCodeGrant(config, await reachedCallback(page), checks);
  const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
  expect(info.email).toBe(user.email);
});

/** A user who gave the forum access: the tokens it holds, and the page still signed in to Sésame. */
async function forumSignedIn(page: Page, request: Parameters<typeof createUser>[0]) {
  const user = await createUser(request);
  const config = await discover(FORUM.id);
  const { url, checks } = await authorization(config);
  await page.goto(url.href);
  await signInHere(page, user.email);
  await page.getByRole("button", { name: "Autoriser" }).click();
  const tokens = await client.authorizationCodeGrant(config, await reachedCallback(page), checks);
  return { user, config, tokens };
}

test("\"Retirer l'accès\" on /compte makes the application's refresh token fail", async ({ page, request }) => {
  const { config, tokens } = await forumSignedIn(page, request);
  await page.goto("/compte");
  const section = page.getByRole("region", { name: "Applications connectées" });
  await expect(section.getByText(FORUM.name)).toBeVisible();
  await expect(section.getByText(/Accès accordé le/)).toBeVisible();
  await section.getByRole("button", { name: `Retirer l’accès de ${FORUM.name}` }).click();
  await expect(section.getByText("Aucune application connectée.")).toBeVisible();
  await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  // The journal says so.
  await expect(page.getByText("Accès d’une application retiré")).toBeVisible();
});

/** The logout tokens the application's back-channel receiver got, decoded (their signature is the provider's). */
async function receivedLogouts(): Promise<Record<string, unknown>[]> {
  const received = (await (await fetch(stage().received)).json()) as { body: string }[];
  return received.map(({ body }) => {
    const token = new URLSearchParams(body).get("logout_token") ?? "";
    return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
  });
}

test('"Se déconnecter partout" sends the application a back-channel logout and ends its refresh token', async ({ page, request }) => {
  const { config, tokens } = await forumSignedIn(page, request);
  const { sub, sid } = tokens.claims()!;
  expect(sid).toBeTruthy();
  await page.goto("/compte");
  await page.getByRole("button", { name: "Se déconnecter partout" }).click();
  await expect(page).toHaveURL(/\/connexion/);
  await expect.poll(async () => (await receivedLogouts()).filter((logout) => logout.sub === sub && logout.sid === sid).length).toBe(1);
  const logout = (await receivedLogouts()).find((entry) => entry.sub === sub)!;
  expect(logout).toMatchObject({ iss: `${baseURL}/oidc`, aud: FORUM.id });
  expect(logout.events).toHaveProperty(["http://schemas.openid.net/event/backchannel-logout"]);
  await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
});
