import { requestPages } from "@/lib/flows";
import type { Locale } from "./config";

// Pages live under app/[locale]; the browser never sees the prefix. The proxy
// maps each public page path to the route that renders it in the visitor's language.

// The icon is a file of its own; anything else (favicon.ico included: there is
// none) is a page or the translated 404, with the page headers.
const notPages = /^\/(?:api|_next)(?:\/|$)|^\/icon\.svg$/;

// The "send me an email" pages (lib/flows.ts) read one query only:
// ?code=invalidLink, where a refused link of their flow lands (the
// vocabulary of lib/validation/notices.ts; ?error=invalidLink is what earlier
// versions sent, still in browsers' histories). Both variants are rendered at
// build time.

// A refused sign-in lands on /connexion?code=<refusal>: the form's answer
// without JavaScript (app/[locale]/connexion/actions.ts) and
// Auth.js's callback (?error=CredentialsSignin&code=<refusal>). Those whose
// text is the same for everyone are rendered at build time (connexion/refus);
// "locked" says how long the lock lasts, a setting read when it is served.
// Codes of lib/validation/errors.ts (page-route.test.ts checks).
export const SIGN_IN_REFUSALS_BUILT_AHEAD = ["invalidCredentials", "lastAttempt", "unconfirmed", "rateLimited", "unavailable"] as const;

/** The refusal a /connexion query asks for, when it asks for nothing else and the page is built ahead. */
function refusalBuiltAhead(search: string): string | null {
  const query = new URLSearchParams(search);
  const codes = query.getAll("code");
  const onlyTheCode = [...query].every(([key, value]) => key === "code" || (key === "error" && value === "CredentialsSignin"));
  const code = codes.length === 1 && onlyTheCode ? codes[0]! : null;
  return code && (SIGN_IN_REFUSALS_BUILT_AHEAD as readonly string[]).includes(code) ? code : null;
}

/**
 * /connexion → /fr/connexion (rendered at build time); /connexion?code=<a
 * refusal built ahead> → its variant; /connexion?… → the variant that reads
 * the query; /confirmation?code=invalidLink → its invalid-link variant; null
 * for what is not a page (API, assets).
 */
export function pageRoute(pathname: string, search: string, locale: Locale): string | null {
  if (notPages.test(pathname)) return null;
  if (pathname === "/connexion" && search.length > 1) {
    const refusal = refusalBuiltAhead(search);
    return refusal ? `/${locale}/connexion/refus/${refusal}` : `/${locale}/connexion/parametres`;
  }
  if (requestPages().includes(pathname) && isInvalidLinkQuery(new URLSearchParams(search))) return `/${locale}${pathname}/lien-invalide`;
  return pathname === "/" ? `/${locale}` : `/${locale}${pathname}`;
}

const isInvalidLinkQuery = (query: URLSearchParams) => (query.get("code") ?? query.get("error")) === "invalidLink";

/** A path no route matches: app/[locale]/[...missing] answers it with the translated 404. */
export const missingRoute = (locale: Locale) => `/${locale}/introuvable`;
