// @ts-check

// The headers every response carries. Pages get theirs from the proxy
// (proxy.ts: a CSP with a nonce or digests, no-referrer on token links); the
// server (server/index.mjs) fills in whatever a response still lacks, so that
// nothing the proxy skips (Auth.js's endpoints, Next's files, a 404 for a
// path no matcher foresaw) goes out without them.

/** @type {Readonly<Record<string, string>>} */
export const BASELINE_HEADERS = Object.freeze({
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  "Cross-Origin-Opener-Policy": "same-origin",
});

/** Sent unconditionally where no page decides: browsers ignore it over plain http (RFC 6797 §8.1). */
export const HSTS = "max-age=63072000; includeSubDomains";

/** For responses that are no page (JSON, redirects, files): nothing may run or frame them. */
export const NOTHING_ALLOWED_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Fills in the headers a response lacks, just before they are sent. An error
 * answer is never cached: Next marks a 404 rendered at build time cacheable
 * for a year, and a shared cache would then keep answering 404 for a path
 * that exists in a later release (or in the other language).
 * @param {import("node:http").ServerResponse} response
 */
export function applyBaselineHeaders(response) {
  for (const [name, value] of Object.entries(BASELINE_HEADERS)) {
    if (!response.hasHeader(name)) response.setHeader(name, value);
  }
  if (!response.hasHeader("Content-Security-Policy")) response.setHeader("Content-Security-Policy", NOTHING_ALLOWED_CSP);
  if (!response.hasHeader("Strict-Transport-Security")) response.setHeader("Strict-Transport-Security", HSTS);
  if (response.statusCode >= 400 && /max-age=[1-9]|s-maxage=[1-9]/.test(String(response.getHeader("Cache-Control") ?? ""))) {
    response.setHeader("Cache-Control", "no-store");
  }
}

/**
 * Once a response says no referrer or no caching (proxy.ts gives both to
 * the pages whose URL carries a token), nothing later makes it laxer. When a
 * server action redirects, Next renders the page it leads to and copies that
 * page's headers onto the action's answer: confirming a link answered with
 * /connexion's Referrer-Policy and Cache-Control.
 * @param {import("node:http").ServerResponse} response
 */
export function keepStrictHeaders(response) {
  const setHeader = response.setHeader;
  response.setHeader = /** @type {typeof setHeader} */ (
    function (/** @type {string} */ name, /** @type {any} */ value) {
      const key = name.toLowerCase();
      const current = String(response.getHeader(key) ?? "");
      const strict =
        (key === "referrer-policy" && current === "no-referrer" && String(value) !== "no-referrer") ||
        (key === "cache-control" && /\bno-store\b/.test(current) && !/\bno-store\b/.test(String(value)));
      return strict ? response : Reflect.apply(setHeader, response, [name, value]);
    }
  );
}
