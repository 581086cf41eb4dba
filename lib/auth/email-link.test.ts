import { describe, expect, it } from "vitest";
import { emailLinkRoutes, type EmailLinkRoute, type FlowName } from "@/lib/flows";
import type { TokenPurpose } from "@/lib/db/generated/enums";
import { pageRoute } from "@/lib/i18n/page-route";
import { securityHeaders } from "@/lib/headers/security-headers";
import { buttonLinkAt, openEmailLink, pressEmailLink } from "@/lib/next/email-links";
import { freshClient } from "@/lib/testing/factories";
import { tokenLifetimeMs } from "./tokens";
import { defineEmailLink } from "./email-link";

// A throw-away flow, declared the way a capability module declares its own
// (its route, then defineEmailLink), and nothing else: it gets its page, its
// headers, its invalid-link page, its purpose and lifetime, its journal label.
const trial = "trial" as FlowName;
const purpose = "trial" as TokenPurpose;
const LIVE = "T".repeat(43);
let pressed = 0;

(emailLinkRoutes as Record<string, EmailLinkRoute>)[trial] = {
  path: "/essai",
  purpose,
  lifetime: { setting: "UNLOCK_TOKEN_TTL_HOURS", unit: "hours" },
  requestPage: "/essai-demande",
  refusal: "redirect",
  event: "account.confirmed",
};
const trialLink = defineEmailLink(trial, {
  title: "link.title",
  check: async (raw) => (raw === LIVE ? "live" : "refused"),
  button: {
    intro: "link.confirmIntro",
    submit: "link.confirmSubmit",
    async consume(raw) {
      if (raw !== LIVE || pressed > 0) return "refused";
      pressed++;
      return "/connexion?notice=confirmed";
    },
  },
});

describe("a flow declared once", () => {
  it("gets the one-button page at its path, in both languages", () => {
    expect(pageRoute(`/essai/${LIVE}`, "", "fr")).toBe(`/fr/essai/${LIVE}`);
    expect(buttonLinkAt("essai")).toBe(trialLink);
    expect(buttonLinkAt("essai-inconnu")).toBeNull();
  });

  it("gets the token headers: no Referer, no cache", () => {
    expect(securityHeaders({ https: false, pathname: `/essai/${LIVE}` })).toMatchObject({
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store, max-age=0",
    });
    expect(securityHeaders({ https: false, pathname: "/essai-demande" })["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("checks on opening, acts once on the button, and sends refusals to its request page's invalid-link variant", async () => {
    expect(await openEmailLink(trial, LIVE)).toBe("live");
    expect(await openEmailLink(trial, "A".repeat(43))).toBe("/essai-demande?code=invalidLink");
    expect(await pressEmailLink(trial, LIVE, freshClient())).toBe("/connexion?notice=confirmed");
    expect(await pressEmailLink(trial, LIVE, freshClient())).toBe("/essai-demande?code=invalidLink");
    expect(pageRoute("/essai-demande", "?code=invalidLink", "en")).toBe("/en/essai-demande/lien-invalide");
    const { PAGES_BUILT_AHEAD } = await import("@/lib/headers/prerendered");
    expect(PAGES_BUILT_AHEAD).toEqual(expect.arrayContaining(["/fr/essai-demande", "/en/essai-demande/lien-invalide"]));
  });

  it("gets its token purpose, its lifetime and the URL its email carries", () => {
    expect(tokenLifetimeMs(purpose)).toBe(tokenLifetimeMs("unlock"));
    expect(trialLink.url("abc")).toBe("http://localhost:3000/essai/abc");
  });

  it("refuses a second declaration, and a flow without a route", () => {
    expect(() => defineEmailLink(trial, trialLink)).toThrow(/declared twice/);
    expect(() => defineEmailLink("nowhere" as FlowName, trialLink)).toThrow(/no route/);
  });
});
