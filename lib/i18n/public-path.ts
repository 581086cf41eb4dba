import { locales } from "./config";

const localePrefix = new RegExp(`^/(?:${locales.join("|")})(?=/|$)`);

/**
 * The path as the browser shows it. The proxy serves /connexion from
 * /fr/connexion; a page rendered ahead of time only knows the latter.
 */
export function publicPath(pathname: string): string {
  return pathname.replace(localePrefix, "") || "/";
}
