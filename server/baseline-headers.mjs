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
