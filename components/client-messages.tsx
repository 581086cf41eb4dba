import type { ReactNode } from "react";
import { getLocale } from "next-intl/server";
import { ClientIntlProvider } from "@/lib/i18n/client";
import type { Locale } from "@/lib/i18n/config";
import { clientMessages, type PageNamespace } from "@/lib/i18n/messages";

/** The layout's common messages plus the namespaces only this page's client components read. */
export async function ClientMessages({ extra, children }: { extra: PageNamespace[]; children: ReactNode }) {
  const locale = (await getLocale()) as Locale;
  return (
    <ClientIntlProvider locale={locale} messages={clientMessages(locale, extra)}>
      {children}
    </ClientIntlProvider>
  );
}
