import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import { OIDC_PATH, createProvider } from "./provider";
import { decideInteraction, showInteraction } from "./interactions";
import { setBackchannelSender } from "@/lib/auth/oidc/access";

// The provider as a request handler our server (server/index.mjs) calls for
// every path under /oidc, before Next: Sésame's interaction routes first,
// then the provider with the prefix taken off (it builds its URLs from
// `originalUrl`, so discovery names the /oidc endpoints).

export type OidcHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]{1,64})(\/decision)?$/;

// On globalThis: Next loads this module once for the start-up hook and again
// in each of its bundles (the consent page's), and they must share one provider.
const PROVIDER = Symbol.for("sesame.oidc.provider");
const shared = globalThis as { [PROVIDER]?: Provider };

/** This process's provider (the consent page reads its interaction through it). */
export function oidcProvider(): Provider {
  const provider = shared[PROVIDER];
  if (!provider) throw new Error("the OIDC provider is not started (lib/server-start.ts starts it)");
  return provider;
}

export function startOidc(trustedProxies: number): OidcHandler {
  const provider = createProvider(trustedProxies);
  shared[PROVIDER] = provider;
  setBackchannelSender(async (clientId, subject, sid) => {
    const client = await provider.Client.find(clientId);
    if (!client?.backchannelLogoutUri) return;
    // Client#backchannelLogout (oidc-provider's models/client.js) signs a logout token and POSTs it; @types/oidc-provider omits it.
    const send = (client as unknown as { backchannelLogout(sub: string, sid: string): Promise<void> }).backchannelLogout;
    await send.call(client, subject, sid);
  });
  const callback = provider.callback();
  return async (request, response) => {
    const original = request.url ?? "/";
    const inner = original.slice(OIDC_PATH.length) || "/";
    const path = inner.replace(/\?.*$/s, "");
    const interaction = INTERACTION.exec(path);
    if (interaction) {
      const uid = interaction[1]!;
      if (!interaction[2] && request.method === "GET") return showInteraction(provider, request, response, uid);
      if (interaction[2] && request.method === "POST") return decideInteraction(provider, request, response, uid);
      response.writeHead(405, { "content-type": "text/plain; charset=utf-8" }).end("405 method not allowed\n");
      return;
    }
    Object.assign(request, { originalUrl: original });
    request.url = inner.startsWith("/") ? inner : `/${inner}`;
    await callback(request, response);
  };
}
