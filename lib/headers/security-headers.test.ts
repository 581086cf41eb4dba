import { describe, expect, it } from "vitest";
import { emailLinkFlows } from "@/lib/flows";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

describe("security headers", () => {
  it("keep token-carrying URLs out of Referer headers and caches", () => {
    for (const { linkPath } of Object.values(emailLinkFlows)) {
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
