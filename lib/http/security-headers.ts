// Security headers for every response (proxy.ts). The Content-Security-Policy
// allows only this site's scripts that carry the per-request nonce, or, on a
// page rendered at build time (which cannot carry a per-request nonce), only
// this site's script files and the inline scripts whose digests it lists; so
// an injected script never runs. Frames are refused, forms post only here.

/** Digests ('sha256-…') of the inline scripts and styles of a page rendered at build time. */
export type InlineHashes = { scripts: string[]; styles: string[] };

/** Paths whose URL carries a token: never sent on as a Referer. */
export function carriesToken(pathname: string): boolean {
  return /^\/(reinitialisation|confirmation|deverrouillage)\/[^/]+/.test(pathname);
}

export function contentSecurityPolicy(options: {
  nonce: string;
  prerendered?: InlineHashes | null;
  development: boolean;
  https: boolean;
  pathname: string;
}): string {
  // The development mailbox shows emails as they will be sent, with inline
  // styles; `next dev` injects its overlay's styles inline too.
  const inlineStyles = options.development || options.pathname.startsWith("/dev/mailbox");
  const { prerendered } = options;
  const quoted = (digests: string[]) => digests.map((digest) => ` '${digest}'`).join("");
  const directives = [
    "default-src 'self'",
    prerendered
      ? `script-src 'self'${quoted(prerendered.scripts)}`
      : `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    inlineStyles
      ? "style-src 'self' 'unsafe-inline'"
      : prerendered
        ? `style-src 'self'${quoted(prerendered.styles)}`
        : `style-src 'self' 'nonce-${options.nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    options.pathname.startsWith("/dev/mailbox") ? "frame-src 'self'" : "frame-src 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

export function securityHeaders(options: { https: boolean; pathname: string }): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": carriesToken(options.pathname) ? "no-referrer" : "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(carriesToken(options.pathname) ? { "Cache-Control": "no-store, max-age=0" } : {}),
    ...(options.https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/**
 * Auth.js's endpoints (JSON and redirects) and the icon are never a page and
 * skip the proxy (a proxy pass cost each sign-in POST ~6 ms, each icon ~2 ms:
 * Next copies the request for it). next.config.ts sends them these fixed
 * headers instead. HSTS goes out unconditionally: browsers ignore it over
 * plain http (RFC 6797 §8.1).
 */
export function fixedHeaders(): { key: string; value: string }[] {
  return Object.entries({
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    ...securityHeaders({ https: true, pathname: "/api/auth" }),
  }).map(([key, value]) => ({ key, value }));
}
