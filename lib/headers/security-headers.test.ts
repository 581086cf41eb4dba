import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emailLinkRoutes } from "@/lib/flows";
import { buttonLinkAt } from "@/lib/next/email-links";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

const pages = path.join(process.cwd(), "app", "[locale]");

// The links of emails already sent: each must still be served, with the token headers.
const SENT_LINKS = ["confirmation", "deverrouillage", "reinitialisation", "changement-email", "ce-n-etait-pas-moi"];

/**
 * Every public path prefix that the app serves a token under, read from the
 * routes themselves rather than from lib/flows.ts: each folder that holds a
 * [token] segment, and for the one-button route app/[locale]/[link]/[token],
 * every first segment it answers (what its page accepts, not what the table
 * lists).
 */
function tokenRoutePrefixes(): string[] {
  const prefixes: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (entry.name === "[token]") prefixes.push(`/${segments.join("/")}`);
      else walk(path.join(dir, entry.name), [...segments, entry.name]);
    }
  };
  walk(pages, []);
  return prefixes.flatMap((prefix) => {
    if (prefix !== "/[link]") return [prefix];
    const folders = readdirSync(pages, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? [entry.name] : []));
    const candidates = new Set([...folders, ...Object.values(emailLinkRoutes).map((route) => route.path.slice(1)), ...SENT_LINKS]);
    return [...candidates].filter((segment) => buttonLinkAt(segment)).map((segment) => `/${segment}`);
  });
}

describe("security headers", () => {
  it("keep token-carrying URLs out of Referer headers and caches", () => {
    const prefixes = tokenRoutePrefixes();
    expect(prefixes).toEqual(expect.arrayContaining(SENT_LINKS.map((segment) => `/${segment}`)));
    for (const linkPath of prefixes) {
      expect(securityHeaders({ https: false, pathname: `${linkPath}/abc` }), linkPath).toMatchObject({
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store, max-age=0",
      });
    }
    expect(securityHeaders({ https: false, pathname: "/changement-email/abc" })["Referrer-Policy"]).toBe("no-referrer");
    expect(securityHeaders({ https: false, pathname: "/confirmation" })["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("send HSTS and upgrade-insecure-requests only over https", () => {
    expect(securityHeaders({ https: true, pathname: "/" })["Strict-Transport-Security"]).toContain("max-age=63072000");
    expect(securityHeaders({ https: false, pathname: "/" })["Strict-Transport-Security"]).toBeUndefined();
    expect(contentSecurityPolicy({ nonce: "n", development: false, https: true, pathname: "/" })).toContain("upgrade-insecure-requests");
  });

  it("allow scripts only with the nonce, never inline or eval in production", () => {
    const policy = contentSecurityPolicy({ nonce: "abc", development: false, https: false, pathname: "/connexion" });
    expect(policy).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("form-action 'self'");
  });
});
