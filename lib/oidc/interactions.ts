import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import { getToken } from "next-auth/jwt";
import { authSecret } from "@/lib/auth-secret";
import { resolveSession } from "@/lib/auth/session";
import { recordSecurityEvent } from "@/lib/auth/security-events";
import { db } from "@/lib/db";
import { clientInfo, type ClientInfo } from "@/lib/request/client-info";
import { subjectOf } from "@/lib/auth/oidc/subjects";
import { interactionPath } from "./provider";

// The provider's interactions, answered by Sésame: the login step is
// /connexion itself (every rule of a sign-in: lockout, passkeys, a closed
// account), which comes back here through its return path; the consent step
// is the page /autorisation/<uid> for clients that are not first-party. Both
// end in the provider's interactionFinished / interactionResult.

/** The Sésame account signed in on this request (Auth.js's cookie, whose session row must still exist), else null. */
export async function signedInUser(request: IncomingMessage): Promise<string | null> {
  const headers = { cookie: request.headers.cookie ?? "" };
  for (const secureCookie of [true, false]) {
    const token = await getToken({ req: { headers }, secret: authSecret(), secureCookie }).catch(() => null);
    if (!token?.sub) continue;
    const userId = await resolveSession(token.sid);
    return userId && userId === token.sub ? userId : null;
  }
  return null;
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { location, "cache-control": "no-store", "content-length": "0" });
  response.end();
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

/** Where a browser whose interaction is missing or expired lands: the consent route says so in its language. */
const expiredPage = (uid: string) => `/autorisation/${encodeURIComponent(uid)}`;

/**
 * GET /oidc/interaction/<uid>: not signed in to Sésame, to /connexion and
 * back; signed in, the login step is finished with this account's subject;
 * at the consent step, to the consent page.
 */
export async function showInteraction(provider: Provider, request: IncomingMessage, response: ServerResponse, uid: string) {
  if (isRouterFetch(request)) return notForTheRouter(response);
  const details = await provider.interactionDetails(request, response).catch(() => null);
  if (!details || details.uid !== uid) return redirect(response, expiredPage(uid));
  const userId = await signedInUser(request);
  if (!userId) return redirect(response, `/connexion?returnTo=${encodeURIComponent(interactionPath(uid))}`);
  const subject = await subjectOf(userId);
  if (details.prompt.name === "login" || details.session?.accountId !== subject) {
    return provider.interactionFinished(request, response, { login: { accountId: subject } }, { mergeWithLastSubmission: false });
  }
  return redirect(response, `/autorisation/${encodeURIComponent(uid)}`);
}

/**
 * After a sign-in, Next's router comes here by fetch (its server action's
 * redirect, then the browser's router), where a redirect to the application
 * cannot be followed and would use up the interaction. Such a request gets a
 * plain answer that changes nothing; Next then loads the URL as a page, and
 * only that navigation moves the interaction on.
 */
function isRouterFetch(request: IncomingMessage): boolean {
  return request.headers.rsc !== undefined || request.headers["next-router-state-tree"] !== undefined;
}

function notForTheRouter(response: ServerResponse): void {
  response.writeHead(200, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  response.end("\n");
}

/** Reads a small JSON body; anything else is refused. */
async function readDecision(request: IncomingMessage): Promise<"allow" | "deny" | null> {
  if (!/^application\/json\b/.test(request.headers["content-type"] ?? "")) return null;
  let text = "";
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > 1000) return null;
  }
  try {
    const decision = (JSON.parse(text) as { decision?: unknown }).decision;
    return decision === "allow" || decision === "deny" ? decision : null;
  } catch {
    return null;
  }
}

/**
 * POST /oidc/interaction/<uid>/decision, from the consent page's script:
 * "Autoriser" records the grant, "Refuser" ends the request with
 * access_denied; either way the answer is where the browser goes next (the
 * provider's resume URL). A JSON request from the same origin only (a form
 * from another site cannot send one), by the account the interaction is for.
 */
export async function decideInteraction(provider: Provider, request: IncomingMessage, response: ServerResponse, uid: string) {
  const site = request.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin") return json(response, 403, { error: "cross-site" });
  const decision = await readDecision(request);
  if (!decision) return json(response, 400, { error: "bad-request" });
  const details = await provider.interactionDetails(request, response).catch(() => null);
  if (!details || details.uid !== uid || details.prompt.name !== "consent") return json(response, 410, { error: "expired" });
  const userId = await signedInUser(request);
  const accountId = details.session?.accountId;
  if (!userId || !accountId || (await subjectOf(userId)) !== accountId) return json(response, 403, { error: "not-signed-in" });
  const clientId = String(details.params.client_id);
  if (decision === "deny") {
    const location = await provider.interactionResult(
      request,
      response,
      { error: "access_denied", error_description: "the user denied access" },
      { mergeWithLastSubmission: false },
    );
    return json(response, 200, { location });
  }
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId });
  if (!grant) return json(response, 410, { error: "expired" });
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope);
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  await recordSecurityEvent(db, "oidc.granted", userId, requestClient(request));
  const location = await provider.interactionResult(request, response, { consent: { grantId } }, { mergeWithLastSubmission: true });
  return json(response, 200, { location });
}

/** The journal's "from where" for a request the server stamped (server/client-address.mjs). */
function requestClient(request: IncomingMessage): ClientInfo {
  return clientInfo({
    get: (name) => {
      const value = request.headers[name.toLowerCase()];
      return typeof value === "string" ? value : null;
    },
  });
}
