// Security headers for every response (proxy.ts). The Content-Security-Policy
// allows only this site's scripts that carry the per-request nonce, or, on a
// page rendered at build time (which cannot carry a per-request nonce), only
// this site's script files and the inline scripts whose digests it lists; so
// an injected script never runs. Frames are refused, forms post only here.
import { carriesToken } from "@/lib/flows";
import { BASELINE_HEADERS, HSTS } from "@/server/baseline-headers.mjs";

/** Digests ('sha256-…') of the inline scripts and styles of a page rendered at build time. */
export type InlineHashes = { scripts: string[]; styles: string[] };

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

/** The page headers: the baseline every response gets, and what a page's path adds. */
export function securityHeaders(options: { https: boolean; pathname: string }): Record<string, string> {
  const token = carriesToken(options.pathname);
  return {
    ...BASELINE_HEADERS,
    ...(token ? { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store, max-age=0" } : {}),
    ...(options.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}
