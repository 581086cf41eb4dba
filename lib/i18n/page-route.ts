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

/**
 * /connexion → /fr/connexion (rendered at build time); /connexion?… → the
 * variant that reads the query; /confirmation?code=invalidLink → its
 * invalid-link variant; null for what is not a page (API, assets).
 */
export function pageRoute(pathname: string, search: string, locale: Locale): string | null {
  if (notPages.test(pathname)) return null;
  if (pathname === "/connexion" && search.length > 1) return `/${locale}/connexion/parametres`;
  if (requestPages().includes(pathname) && isInvalidLinkQuery(new URLSearchParams(search))) return `/${locale}${pathname}/lien-invalide`;
  return pathname === "/" ? `/${locale}` : `/${locale}${pathname}`;
}

const isInvalidLinkQuery = (query: URLSearchParams) => (query.get("code") ?? query.get("error")) === "invalidLink";

/** A path no route matches: app/[locale]/[...missing] answers it with the translated 404. */
export const missingRoute = (locale: Locale) => `/${locale}/introuvable`;
