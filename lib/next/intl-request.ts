import { getRequestConfig } from "next-intl/server";
import { localeOr } from "@/lib/i18n/config";
import { catalogues } from "@/lib/i18n/messages";

// The proxy picks the language (cookie, then Accept-Language) and rewrites the
// URL to /fr/… or /en/…; pages pass their [locale] segment on with
// setRequestLocale (pageLocale), and actions and route handlers read it from
// the header the proxy sets on every request.
export default getRequestConfig(async ({ requestLocale }) => {
  const locale = localeOr(await requestLocale);
  return { locale, messages: catalogues[locale], timeZone: "Europe/Paris" };
});
