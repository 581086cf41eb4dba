import "server-only";
import Provider, { type ClientMetadata, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { appUrl, env, type OidcClientSetting } from "@/lib/env";
import { sessionMaxAgeSeconds } from "@/lib/auth/session";
import { log } from "@/lib/observability/log";
import { oidcAdapter, currentGrantId } from "@/lib/auth/oidc/store";
import { oidcCookieKeys, oidcJwks } from "./keys";
import { accountOfSubject } from "@/lib/auth/oidc/subjects";
import { renderErrorPage, renderLogoutPage, renderLoggedOutPage } from "./pages";

// Sign in with Sésame (README.md, "Sign in with Sésame"): panva's oidc-provider, mounted by our own
// server under /oidc (lib/oidc/mount.ts). Every default this file changes is
// changed on purpose, and says why; docs/oidc.md keeps the list.

export const OIDC_PATH = "/oidc";

export const issuer = () => `${appUrl()}${OIDC_PATH}`;

/** Where the provider sends a browser whose request needs Sésame: our interaction route (lib/oidc/interactions.ts). */
export const interactionPath = (uid: string) => `${OIDC_PATH}/interaction/${uid}`;

/** OIDC_CLIENTS as the provider's client metadata: code flow only, public without a secret. */
export function clientMetadata(client: OidcClientSetting): ClientMetadata {
  return {
    client_id: client.client_id,
    ...(client.client_secret
      ? { client_secret: client.client_secret, token_endpoint_auth_method: "client_secret_basic" }
      : { token_endpoint_auth_method: "none" }),
    client_name: client.client_name,
    redirect_uris: client.redirect_uris,
    post_logout_redirect_uris: client.post_logout_redirect_uris ?? [],
    ...(client.backchannel_logout_uri
      ? { backchannel_logout_uri: client.backchannel_logout_uri, backchannel_logout_session_required: true }
      : {}),
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    id_token_signed_response_alg: "RS256",
    first_party: client.first_party,
  };
}

const isFirstParty = (ctx: KoaContextWithOIDC) => ctx.oidc.client?.metadata().first_party === true;

/**
 * The grant of this account for this client, kept in our table beyond the
 * provider's session (its default looks in the session only, so a new session
 * would ask again). A first-party client is granted what it asks without a
 * consent page.
 */
async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { client, session, provider } = ctx.oidc;
  const accountId = session?.accountId;
  if (!client || !accountId) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId ?? (await currentGrantId(accountId, client.clientId));
  let grant = grantId ? await provider.Grant.find(grantId) : undefined;
  if (grant && (grant.accountId !== accountId || grant.clientId !== client.clientId)) grant = undefined;
  if (!isFirstParty(ctx)) return grant;
  grant ??= new provider.Grant({ accountId, clientId: client.clientId });
  const requested = String(ctx.oidc.params?.scope ?? "openid");
  grant.addOIDCScope(requested.split(" ").filter((scope) => SCOPES.includes(scope)));
  await grant.save();
  return grant;
}

const SCOPES = ["openid", "email", "profile"];

/**
 * The provider's outgoing requests. Changed: a registered back-channel logout
 * URI may be on a private or loopback address (the platform's applications
 * often live there), which the default's SSRF guard refuses; those URIs come
 * from OIDC_CLIENTS, set by the operator (no dynamic registration). Any other
 * URL keeps the guard.
 */
function outgoingFetch(clients: readonly OidcClientSetting[]): NonNullable<Configuration["fetch"]> {
  const registered = new Set(
    clients.flatMap((client) => (client.backchannel_logout_uri ? [new URL(client.backchannel_logout_uri).href] : [])),
  );
  return (input, init) => {
    const url = input instanceof Request ? input.url : new URL(input).href;
    if (!registered.has(url) || !init) return globalThis.fetch(input, init);
    const unguarded: RequestInit & { dispatcher?: unknown } = { ...init };
    delete unguarded.dispatcher;
    return globalThis.fetch(input, unguarded);
  };
}

export function oidcConfiguration(): Configuration {
  const days = 24 * 3600;
  return {
    fetch: outgoingFetch(env().OIDC_CLIENTS),
    adapter: oidcAdapter,
    clients: env().OIDC_CLIENTS.map(clientMetadata),
    jwks: oidcJwks(),
    cookies: {
      keys: oidcCookieKeys(),
      // Default `lax` kept: the provider's cookies must come back on the top-level redirect from the application.
      long: { httpOnly: true, sameSite: "lax" },
      short: { httpOnly: true, sameSite: "lax" },
    },
    // Changed: no offline_access (default scopes are openid offline_access); our three scopes (openid, profile, email).
    scopes: SCOPES,
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["preferred_username"] },
    async findAccount(_ctx, sub) {
      const account = await accountOfSubject(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: account.email,
          email_verified: account.emailVerified,
          preferred_username: account.pseudo,
        }),
      };
    },
    // Changed: the code flow only (default also allows implicit and hybrid responses).
    responseTypes: ["code"],
    // Changed: PKCE for every client, confidential ones too (default: public clients only). v9 accepts S256 alone.
    pkce: { required: () => true },
    // Changed: a refresh token is used once, always (default rotates public clients' only, and others past 70% of their life).
    rotateRefreshToken: true,
    // Changed: refresh tokens for every client allowed the refresh_token grant (default: only with offline_access).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    loadExistingGrant,
    // Changed: the provider's own login and consent pages (development only) are off; Sésame's are used.
    features: {
      devInteractions: { enabled: false },
      // Changed (default off): clients that register a back-channel logout URI are told when a session ends.
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource: renderLogoutPage, postLogoutSuccessSource: renderLoggedOutPage },
      // Changed (default off): an application can revoke its own tokens (sign-out on its side).
      revocation: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => interactionPath(interaction.uid) },
    extraClientMetadata: {
      properties: ["first_party"],
      validator(_ctx, key, value) {
        if (key === "first_party" && value !== undefined && typeof value !== "boolean") throw new Error("first_party must be a boolean");
      },
    },
    // Changed: browsers may call the token, userinfo and revocation endpoints only from a registered redirect URI's origin (default: any).
    clientBasedCORS(_ctx, origin, client) {
      return client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false;
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      // Changed: 30 days, used once each (rotation); default 14 days.
      RefreshToken: 30 * days,
      Interaction: 600,
      // Changed: the provider's session lasts as long as a Sésame session (SESSION_MAX_AGE_DAYS), default 14 days.
      Session: sessionMaxAgeSeconds(),
      // Changed: a consent is kept a year (default 14 days): "a second visit does not ask again".
      Grant: 365 * days,
    },
    renderError: renderErrorPage,
  };
}

/** The provider of this process; `proxy` follows TRUST_PROXY, as the rest of the app (server/client-address.mjs). */
export function createProvider(trustedProxies: number): Provider {
  const provider = new Provider(issuer(), oidcConfiguration());
  // Our server already dropped X-Forwarded-* that no trusted proxy wrote.
  provider.proxy = trustedProxies > 0;
  provider.maxIpsCount = trustedProxies;
  provider.on("server_error", (_ctx, error) => log().error({ event: "oidc.server_error", err: error }, "OIDC provider error"));
  return provider;
}
