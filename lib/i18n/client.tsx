"use client";

import formatMessage from "use-intl/format-message/format-only";
import type { useLocale as NextUseLocale, useTranslations as NextUseTranslations } from "next-intl";
import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { Locale } from "./config";

// The browser's half of the catalogues: next-intl's useTranslations and
// useLocale, typed as next-intl types them, over messages that next-intl's
// plugin compiled at build time (`precompile`). next-intl's own client
// provider and translator weigh about 3.7 kB gzipped in every first visit
// (formatters, fallbacks and options our client components never use); this
// module plus the compiled-message formatter about 1.3 kB. Server components
// keep next-intl (getTranslations).

type Catalogue = { [key: string]: Catalogue | unknown };
type Context = { locale: Locale; messages: Catalogue };

const IntlContext = createContext<Context | null>(null);

/** Gives the client components below it this language and these (compiled) namespaces. */
export function ClientIntlProvider({ locale, messages, children }: { locale: Locale; messages: object; children: ReactNode }) {
  const value = useMemo(() => ({ locale, messages: messages as Catalogue }), [locale, messages]);
  return <IntlContext value={value}>{children}</IntlContext>;
}

function useIntl(): Context {
  const context = useContext(IntlContext);
  if (!context) throw new Error("ClientIntlProvider is missing above this component");
  return context;
}

// Intl objects are costly to build: one per language and options.
const cache = new Map<string, unknown>();
function cached<T>(kind: string, locale: string, options: object | undefined, make: () => T): T {
  const key = `${kind}|${locale}|${JSON.stringify(options ?? {})}`;
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key) as T;
}
const formatters = {
  getNumberFormat: (locale: string, options?: Intl.NumberFormatOptions) =>
    cached("number", locale, options, () => new Intl.NumberFormat(locale, options)),
  getPluralRules: (locale: string, options?: Intl.PluralRulesOptions) =>
    cached("plural", locale, options, () => new Intl.PluralRules(locale, options)),
  getDateTimeFormat: (locale: string, options?: Intl.DateTimeFormatOptions) =>
    cached("date", locale, options, () => new Intl.DateTimeFormat(locale, options)),
};

function lookup(messages: Catalogue, path: string): unknown {
  let node: unknown = messages;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object" || !(part in node)) return undefined;
    node = (node as Catalogue)[part];
  }
  return node;
}

function translator(context: Context, namespace?: string) {
  const pathOf = (key: string) => (namespace ? `${namespace}.${key}` : key);
  const message = (key: string) => {
    const found = lookup(context.messages, pathOf(key));
    // A namespace (an object that is not a compiled message) is no text.
    return typeof found === "string" || Array.isArray(found) ? found : undefined;
  };
  const t = (key: string, values?: Record<string, unknown>) => {
    const compiled = message(key);
    // next-intl's fallback: the key's full path, and the error in the console.
    if (compiled === undefined) {
      console.error(`MISSING_MESSAGE: ${pathOf(key)} (${context.locale})`);
      return pathOf(key);
    }
    return String(formatMessage(pathOf(key), compiled as never, values as never, { locale: context.locale, formatters } as never));
  };
  t.has = (key: string) => message(key) !== undefined;
  return t;
}

export const useTranslations = ((namespace?: string) => {
  const context = useIntl();
  return useMemo(() => translator(context, namespace), [context, namespace]);
}) as unknown as typeof NextUseTranslations;

export const useLocale = (() => useIntl().locale) as typeof NextUseLocale;
