// use-intl/core is next-intl's React-free core: emails render outside any request or React tree.
import { createTranslator } from "use-intl/core";
import type { Locale } from "@/lib/i18n/config";
import { catalogues } from "@/lib/i18n/messages";

/** The "emails" namespace of the catalogue, for templates rendered outside a request. */
export function emailTranslator(locale: Locale) {
  return createTranslator({ locale, messages: catalogues[locale], namespace: "emails" });
}

export type EmailTranslator = ReturnType<typeof emailTranslator>;
