// use-intl/core is next-intl's React-free core: emails render outside any request or React tree.
import { createFormatter, createTranslator } from "use-intl/core";
import type { Locale } from "@/lib/i18n/config";
import { catalogues } from "@/lib/i18n/messages";

// One translator and one formatter per language for the process's life:
// made per email, each rebuilt its message and Intl.DateTimeFormat caches
// (about a millisecond of every new-device alert).
const translators = new Map<Locale, ReturnType<typeof makeTranslator>>();
const formatters = new Map<Locale, ReturnType<typeof createFormatter>>();

const makeTranslator = (locale: Locale) => createTranslator({ locale, messages: catalogues[locale], namespace: "emails" });

/** The "emails" namespace of the catalogue, for templates rendered outside a request. */
export function emailTranslator(locale: Locale) {
  let translator = translators.get(locale);
  if (!translator) translators.set(locale, (translator = makeTranslator(locale)));
  return translator;
}

/** Dates and numbers as the emails show them: Paris time, the reader's language. */
export function emailFormatter(locale: Locale) {
  let formatter = formatters.get(locale);
  if (!formatter) formatters.set(locale, (formatter = createFormatter({ locale, timeZone: "Europe/Paris" })));
  return formatter;
}

export type EmailTranslator = ReturnType<typeof emailTranslator>;
