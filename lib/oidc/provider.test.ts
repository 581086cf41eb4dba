import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as client from "openid-client";
import { encode } from "next-auth/jwt";
import { authSecret } from "@/lib/auth-secret";
import { resetEnvForTests } from "@/lib/env";
import { createUser, openSession, client as from } from "@/lib/testing/factories";
import { startOidc } from "./mount";
import { subjectOf } from "@/lib/auth/oidc/subjects";
import { grantsOfAccount } from "@/lib/auth/oidc/store";

// The provider as our server mounts it, on a port of its own, driven by
// panva's openid-client as an application would, and by a cookie-keeping
// "browser" for the redirects (Sésame's sign-in itself is replaced by its
// session cookie: the end-to-end suite, e2e/oidc.spec.ts, goes through /connexion).

let server: Server;
let base: string;
const SECRET = "a-confidential-client-secret-of-forty-chars!!";

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.APP_URL = base;
  process.env.OIDC_CLIENTS = JSON.stringify([
    { client_id: "forum", client_name: "Le Forum", redirect_uris: [`${base}/cb/forum`] },
    { client_id: "shop", client_name: "La Boutique", client_secret: SECRET, redirect_uris: [`${base}/cb/shop`], first_party: true },
  ]);
  resetEnvForTests();
  const handler = startOidc(0);
  server.on("request", (request, response) => {
    if (/^\/oidc(?:[/?]|$)/.test(request.url ?? "")) void handler(request, response);
    else response.writeHead(404).end();
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  delete process.env.OIDC_CLIENTS;
  process.env.APP_URL = "http://localhost:3000";
  resetEnvForTests();
});

/** A browser's cookie jar and redirects, one request at a time. */
class Browser {
  cookies = new Map<string, string>();

  async open(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(new URL(url, base), { ...init, redirect: "manual", headers: { ...init.headers, cookie } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, value] = pair!.split("=") as [string, string];
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  async signIn(userId: string) {
    const sid = await openSession(userId, from);
    const token = await encode({ token: { sub: userId, sid }, secret: authSecret(), salt: "authjs.session-token" });
    this.cookies.set("authjs.session-token", token);
  }
}

const location = (response: Response) => new URL(response.headers.get("location")!, base);

async function discover(clientId: string, secret?: string) {
  return client.discovery(new URL(`${base}/oidc`), clientId, undefined, secret ? client.ClientSecretBasic(secret) : client.None(), {
    execute: [client.allowInsecureRequests],
  });
}

async function authorizationUrl(config: client.Configuration, clientId: string, extra: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: `${base}/cb/${clientId}`,
    scope: "openid email profile",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: "st",
    ...extra,
  });
  return { url, verifier };
}

/** Follows the provider's redirects until the application's callback or a page of Sésame's. */
async function follow(browser: Browser, start: string | URL): Promise<URL> {
  let url = new URL(start, base);
  for (let hop = 0; hop < 10; hop++) {
    if (url.pathname.startsWith("/cb/") || !url.pathname.startsWith("/oidc")) return url;
    const response = await browser.open(url.href);
    if (response.status !== 303 && response.status !== 302) return url;
    url = location(response);
  }
  throw new Error("too many redirects");
}

describe("Sign in with Sésame: the provider's policy", () => {
  it("publishes the code flow only, PKCE S256, RS256 ID tokens and the documented claims (README.md)", async () => {
    const config = await discover("forum");
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(`${base}/oidc`);
    expect(metadata.response_types_supported).toEqual(["code"]);
    expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);
    expect(metadata.id_token_signing_alg_values_supported).toContain("RS256");
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(["openid", "email", "profile"]));
    expect(metadata.scopes_supported).not.toContain("offline_access");
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(["sub", "email", "email_verified", "preferred_username"]));
    expect(metadata.backchannel_logout_supported).toBe(true);
    expect(metadata.end_session_endpoint).toBe(`${base}/oidc/session/end`);
  });

  it("refuses an authorization request without PKCE, even from a confidential client", async () => {
    const config = await discover("shop", SECRET);
    const url = client.buildAuthorizationUrl(config, { redirect_uri: `${base}/cb/shop`, scope: "openid", state: "s" });
    const response = await new Browser().open(url.href);
    const landing = location(response);
    expect(landing.pathname).toBe("/cb/shop");
    expect(landing.searchParams.get("error")).toBe("invalid_request");
    expect(landing.searchParams.get("error_description")).toMatch(/PKCE/);
  });

  it("refuses a redirect_uri that is not registered without redirecting to it", async () => {
    const config = await discover("forum");
    const { url } = await authorizationUrl(config, "forum", { redirect_uri: "https://evil.example/cb" });
    const response = await new Browser().open(url.href);
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(await response.text()).toContain("Connexion impossible");
  });

  it("refuses the implicit flow", async () => {
    const config = await discover("forum");
    const { url } = await authorizationUrl(config, "forum", { response_type: "id_token", nonce: "n" });
    const response = await new Browser().open(url.href);
    const landing = location(response);
    expect(`${response.status} ${landing.href}`).toMatch(/unsupported_response_type|unauthorized_client/);
  });

  it("sends a browser that is not signed in to /connexion, and back to the interaction", async () => {
    const config = await discover("forum");
    const { url } = await authorizationUrl(config, "forum");
    const browser = new Browser();
    const interaction = location(await browser.open(url.href));
    expect(interaction.pathname).toMatch(/^\/oidc\/interaction\/[A-Za-z0-9_-]+$/);
    // Next's router fetching the page after a sign-in changes nothing: it then loads it as a page.
    const routerFetch = await browser.open(interaction.href, { headers: { rsc: "1" } });
    expect(routerFetch.status).toBe(200);
    expect(routerFetch.headers.get("content-type")).not.toContain("text/x-component");
    const signIn = location(await browser.open(interaction.href));
    expect(signIn.pathname).toBe("/connexion");
    expect(signIn.searchParams.get("returnTo")).toBe(interaction.pathname);
  });
});

describe("Sign in with Sésame: a whole sign-in", () => {
  it("a first-party application: no consent, tokens, userinfo, one-use refresh tokens", async () => {
    const user = await createUser();
    const browser = new Browser();
    await browser.signIn(user.id);
    const config = await discover("shop", SECRET);
    const { url, verifier } = await authorizationUrl(config, "shop");
    const callback = await follow(browser, url);
    expect(callback.pathname).toBe("/cb/shop");
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: "st" });
    const claims = tokens.claims()!;
    const subject = await subjectOf(user.id);
    expect(claims.sub).toBe(subject);
    expect(claims.sub).not.toBe(user.id);
    const info = await client.fetchUserInfo(config, tokens.access_token, subject);
    expect(info).toMatchObject({ email: user.email, email_verified: true, preferred_username: user.pseudo });

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toBeDefined();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()!.sub).toBe(subject);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });

    // The old token's reuse revoked the grant (a stolen token and its thief's successor both die) …
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    // … and a code is used once.
    await expect(
      client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: "st" }),
    ).rejects.toMatchObject({
      error: "invalid_grant",
    });
  });

  it("another application: consent once, then a second visit is not asked again", async () => {
    const user = await createUser();
    const browser = new Browser();
    await browser.signIn(user.id);
    const config = await discover("forum");
    const first = await authorizationUrl(config, "forum");
    const consentPage = await follow(browser, first.url);
    expect(consentPage.pathname).toMatch(/^\/autorisation\/[A-Za-z0-9_-]+$/);
    const uid = consentPage.pathname.split("/").pop()!;

    // From another site, or as a form, the decision is refused.
    const crossSite = await browser.open(`/oidc/interaction/${uid}/decision`, {
      method: "POST",
      headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" },
      body: JSON.stringify({ decision: "allow" }),
    });
    expect(crossSite.status).toBe(403);
    const asForm = await browser.open(`/oidc/interaction/${uid}/decision`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "decision=allow",
    });
    expect(asForm.status).toBe(400);

    const decided = await browser.open(`/oidc/interaction/${uid}/decision`, {
      method: "POST",
      headers: { "content-type": "application/json", "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ decision: "allow" }),
    });
    expect(decided.status).toBe(200);
    const callback = await follow(browser, ((await decided.json()) as { location: string }).location);
    expect(callback.pathname).toBe("/cb/forum");
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: first.verifier, expectedState: "st" });
    expect(tokens.claims()!.sub).toBe(await subjectOf(user.id));
    expect((await grantsOfAccount(await subjectOf(user.id))).map((grant) => grant.clientId)).toEqual(["forum"]);

    // A new browser session (the provider's own cookie gone): the grant is ours, not the session's.
    const again = new Browser();
    await again.signIn(user.id);
    const second = await authorizationUrl(config, "forum");
    expect((await follow(again, second.url)).pathname).toBe("/cb/forum");
  });

  it('"Refuser" sends the application access_denied', async () => {
    const user = await createUser();
    const browser = new Browser();
    await browser.signIn(user.id);
    const config = await discover("forum");
    const { url } = await authorizationUrl(config, "forum");
    const uid = (await follow(browser, url)).pathname.split("/").pop()!;
    const decided = await browser.open(`/oidc/interaction/${uid}/decision`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ decision: "deny" }),
    });
    const callback = await follow(browser, ((await decided.json()) as { location: string }).location);
    expect(callback.pathname).toBe("/cb/forum");
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(await grantsOfAccount(await subjectOf(user.id))).toEqual([]);
  });
});
