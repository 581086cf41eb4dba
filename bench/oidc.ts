// "Se connecter avec Sésame" as the bench measures it: a first-party
// application registered on the bench server, and one code flow for a browser
// already signed in to Sésame (the application's button, Sésame's redirects
// to its callback, the code exchanged for tokens with PKCE by openid-client).
import * as openid from "openid-client";
import type { Client } from "./http";

const CALLBACK = "http://127.0.0.1:9/callback";
const APPLICATION = {
  client_id: "bench-application",
  client_name: "Bench",
  client_secret: "bench-application-secret-bench-application-secret",
  redirect_uris: [CALLBACK],
  first_party: true,
};

/** OIDC_CLIENTS for the bench server. */
export const benchOidcClients = JSON.stringify([APPLICATION]);

export function discoverBenchApplication(base: string): Promise<openid.Configuration> {
  return openid.discovery(new URL(`${base}/oidc`), APPLICATION.client_id, undefined, openid.ClientSecretBasic(APPLICATION.client_secret), {
    execute: [openid.allowInsecureRequests],
  });
}

/** One code flow from the authorization request to the tokens; returns its duration. */
export async function codeFlow(config: openid.Configuration, browser: Client): Promise<number> {
  const pkceCodeVerifier = openid.randomPKCECodeVerifier();
  const expectedState = openid.randomState();
  const authorization = openid.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: "openid email profile",
    code_challenge: await openid.calculatePKCECodeChallenge(pkceCodeVerifier),
    code_challenge_method: "S256",
    state: expectedState,
  });
  const started = performance.now();
  let at = authorization;
  for (let hop = 0; !at.href.startsWith(CALLBACK); hop++) {
    if (hop === 10 || at.origin !== new URL(browser.base).origin) throw new Error(`the code flow strayed: ${at.href}`);
    const response = await browser.request(`${at.pathname}${at.search}`);
    await response.arrayBuffer();
    const next = response.headers.get("location");
    if (!next) throw new Error(`the code flow stopped at ${at.pathname}: ${response.status}`);
    at = new URL(next, at);
  }
  const tokens = await openid.authorizationCodeGrant(config, at, { pkceCodeVerifier, expectedState });
  if (!tokens.id_token) throw new Error("no ID token");
  return performance.now() - started;
}
