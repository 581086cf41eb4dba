import { describe, expect, it } from "vitest";
import { fixedHeaders, carriesToken, contentSecurityPolicy, securityHeaders } from "./security-headers";

describe("security headers", () => {
  it("keep token-carrying URLs out of Referer headers and caches", () => {
    expect(carriesToken("/reinitialisation/abc")).toBe(true);
    expect(carriesToken("/confirmation/abc")).toBe(true);
    expect(carriesToken("/deverrouillage/abc")).toBe(true);
    expect(carriesToken("/confirmation")).toBe(false);
    expect(securityHeaders({ https: false, pathname: "/reinitialisation/abc" })).toMatchObject({
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store, max-age=0",
    });
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

  it("give Auth.js's endpoints, which skip the proxy, the same headers and a policy that allows nothing", () => {
    const headers = Object.fromEntries(fixedHeaders().map(({ key, value }) => [key, value]));
    expect(headers).toMatchObject({
      "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
    expect(headers["Strict-Transport-Security"]).toContain("max-age=63072000");
  });
});
