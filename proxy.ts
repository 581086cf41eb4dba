import { NextResponse, type NextRequest } from "next/server";
import { LOCALE_COOKIE, resolveLocale } from "@/lib/i18n/config";
import { missingRoute, pageRoute } from "@/lib/i18n/page-route";
import { devMailboxEnabled } from "@/lib/mail/transport-choice";
import { prerenderedPage } from "@/lib/headers/prerendered";
import { contentSecurityPolicy, securityHeaders } from "@/lib/headers/security-headers";

// Runs before every request:
// - picks the language (cookie, then Accept-Language) and serves the page
//   from its per-language route (/connexion from /fr/connexion), so pages
//   without per-request data are rendered once, at build time;
// - a fresh CSP nonce (Next adds it to its own scripts when it finds it in
//   the request's CSP header), or, for a page rendered at build time, the
//   digests of its inline scripts;
// - the security headers. HSTS and upgrade-insecure-requests only where the
//   site is served over https.

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const https = (process.env.APP_URL ?? "").startsWith("https:") || request.nextUrl.protocol === "https:";
  const { pathname, search } = request.nextUrl;
  const locale = resolveLocale(request.cookies.get(LOCALE_COOKIE)?.value, request.headers.get("accept-language"));
  // The development mailbox's pages do not exist unless it is enabled (its API checks for itself).
  const hidden = /^\/dev\/mailbox(?:\/|$)/.test(pathname) && !devMailboxEnabled();
  const route = hidden ? missingRoute(locale) : pageRoute(pathname, search, locale);
  const servedAsBuilt = route && (request.method === "GET" || request.method === "HEAD") && !request.headers.has("rsc");
  const prerendered = servedAsBuilt ? prerenderedPage(route) : null;
  const policy = contentSecurityPolicy({
    nonce,
    prerendered,
    development: process.env.NODE_ENV === "development",
    https,
    pathname,
  });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  // next-intl reads the language from here in server actions and route handlers.
  requestHeaders.set("X-NEXT-INTL-LOCALE", locale);
  // Next serves a rewrite itself only when its origin is the one Next builds
  // for its own requests; any other origin it proxies over HTTP. nextUrl
  // carries that origin (server/index.mjs keeps it the same whatever
  // interface the server binds to).
  const target = request.nextUrl.clone();
  if (route) target.pathname = route;
  const response = route
    ? NextResponse.rewrite(target, { request: { headers: requestHeaders } })
    : NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  // One URL, two languages: a shared cache must not hand one visitor's page to
  // another (Next would mark a page rendered at build time cacheable for a year).
  if (prerendered) response.headers.set("Cache-Control", "private, no-cache");
  for (const [name, value] of Object.entries(securityHeaders({ https, pathname }))) response.headers.set(name, value);
  return response;
}

// Not for Next's files, the icon, Auth.js's endpoints (no page there, and a
// proxy pass costs each sign-in POST ~6 ms), nor the probes polled every second
// (health, metrics): the server (server/baseline-headers.mjs) gives those their
// headers. Each exclusion ends where its name does (`_next/static/`,
// `icon.svg$`): a prefix would also let /icon.svgX or /_next/staticX, which are
// pages (the 404), go out without the page headers.
export const config = {
  matcher: [{ source: "/((?!_next/static/|_next/image$|icon\\.svg$|api/auth/|api/health/(?:live|ready)$|api/metrics$).*)" }],
};
