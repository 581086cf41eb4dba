import { describe, expect, it } from "vitest";
import { isErrorCode } from "@/lib/validation/errors";
import { missingRoute, pageRoute, SIGN_IN_REFUSALS_BUILT_AHEAD } from "./page-route";
import { publicPath } from "./public-path";

describe("page routes", () => {
  it("serve each page from its route in the visitor's language", () => {
    expect(pageRoute("/connexion", "", "fr")).toBe("/fr/connexion");
    expect(pageRoute("/inscription", "", "en")).toBe("/en/inscription");
    expect(pageRoute("/reinitialisation/abc", "", "fr")).toBe("/fr/reinitialisation/abc");
    expect(pageRoute("/", "", "en")).toBe("/en");
  });

  it("send /connexion with a query to the variant that reads it", () => {
    expect(pageRoute("/connexion", "?notice=confirmed", "fr")).toBe("/fr/connexion/parametres");
    expect(pageRoute("/connexion", "?", "fr")).toBe("/fr/connexion");
    expect(pageRoute("/inscription", "?x=1", "fr")).toBe("/fr/inscription");
  });

  it("send a refused sign-in that reads the same for everyone to its variant built ahead, and any other query to the one that reads it", () => {
    const builtAhead = (code: string) => `/connexion/refus/${code}`;
    const readsTheQuery = "/connexion/parametres";
    const cases: [search: string, route: string][] = [
      ["?code=invalidCredentials", builtAhead("invalidCredentials")],
      ["?error=CredentialsSignin&code=unconfirmed", builtAhead("unconfirmed")],
      ["?code=rateLimited&error=CredentialsSignin", builtAhead("rateLimited")],
      // How long a lock lasts is a setting read when the page is served.
      ["?code=locked", readsTheQuery],
      // Anything else the page must read: the page to return to, another error, a second code, a code no refusal has.
      ["?code=invalidCredentials&returnTo=%2Fcompte", readsTheQuery],
      ["?error=Configuration&code=invalidCredentials", readsTheQuery],
      ["?code=invalidCredentials&code=unconfirmed", readsTheQuery],
      ["?code=passkeyRefused", readsTheQuery],
      ["?code=toString", readsTheQuery],
    ];
    for (const locale of ["fr", "en"] as const) {
      for (const [search, route] of cases) expect(pageRoute("/connexion", search, locale), search).toBe(`/${locale}${route}`);
    }
    expect(SIGN_IN_REFUSALS_BUILT_AHEAD.filter((code) => !isErrorCode(code))).toEqual([]);
  });

  it("send a refused link's landing page to its invalid-link variant, and ignore other queries", () => {
    expect(pageRoute("/confirmation", "?code=invalidLink", "fr")).toBe("/fr/confirmation/lien-invalide");
    expect(pageRoute("/deverrouillage", "?utm=x&code=invalidLink", "en")).toBe("/en/deverrouillage/lien-invalide");
    expect(pageRoute("/mot-de-passe-oublie", "?code=invalidLink", "fr")).toBe("/fr/mot-de-passe-oublie/lien-invalide");
    expect(pageRoute("/mot-de-passe-oublie", "?code=rateLimited", "fr")).toBe("/fr/mot-de-passe-oublie");
    // What earlier versions sent, still in browsers' histories and bookmarks.
    expect(pageRoute("/confirmation", "?error=invalidLink", "fr")).toBe("/fr/confirmation/lien-invalide");
    expect(pageRoute("/deverrouillage", "?utm=x&error=invalidLink", "en")).toBe("/en/deverrouillage/lien-invalide");
    expect(pageRoute("/mot-de-passe-oublie", "?error=invalidLink", "fr")).toBe("/fr/mot-de-passe-oublie/lien-invalide");
    expect(pageRoute("/mot-de-passe-oublie", "?error=other", "fr")).toBe("/fr/mot-de-passe-oublie");
    expect(pageRoute("/mot-de-passe-oublie", "", "fr")).toBe("/fr/mot-de-passe-oublie");
  });

  it("leave the API, Next's files and the icon alone", () => {
    expect(pageRoute("/api/auth/csrf", "", "fr")).toBeNull();
    expect(pageRoute("/_next/static/chunks/a.js", "", "fr")).toBeNull();
    expect(pageRoute("/icon.svg", "", "fr")).toBeNull();
    // There is no favicon.ico: it is answered like any missing page, with the page headers.
    expect(pageRoute("/favicon.ico", "", "fr")).toBe("/fr/favicon.ico");
    expect(pageRoute("/icon.svgX", "", "fr")).toBe("/fr/icon.svgX");
    expect(pageRoute("/apiary", "", "fr")).toBe("/fr/apiary");
  });

  it("give a language-prefixed URL no page of its own", () => {
    // /fr/connexion is an internal route: typed by a visitor it becomes /fr/fr/connexion, which matches nothing.
    expect(pageRoute("/fr/connexion", "", "fr")).toBe("/fr/fr/connexion");
    expect(missingRoute("en")).toBe("/en/introuvable");
  });

  it("show the browser's path to a page rendered under its language", () => {
    expect(publicPath("/fr/connexion")).toBe("/connexion");
    expect(publicPath("/en")).toBe("/");
    expect(publicPath("/connexion")).toBe("/connexion");
    expect(publicPath("/french/x")).toBe("/french/x");
  });
});
