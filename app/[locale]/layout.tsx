import type { Metadata } from "next";
import { AppLink } from "@/components/app-link";
import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/components/language-switch";
import { locales } from "@/lib/i18n/config";
import { pageLocale, type LocaleProps } from "@/lib/next/page-locale";
import { ClientIntlProvider } from "@/lib/i18n/client";
import { clientMessages } from "@/lib/i18n/messages";
import "../globals.css";

// Pages without per-request data are rendered ahead of time in both languages.
export function generateStaticParams() {
  return locales.map((locale) => ({ locale }));
}

export async function generateMetadata({ params }: LocaleProps): Promise<Metadata> {
  await pageLocale(params);
  const t = await getTranslations("meta");
  return { title: { default: t("title"), template: `%s · ${t("title")}` }, description: t("description") };
}

export default async function LocaleLayout({ children, params }: LocaleProps & { children: ReactNode }) {
  const locale = await pageLocale(params);
  const t = await getTranslations("layout");
  return (
    <html lang={locale}>
      <body className="flex min-h-screen flex-col font-sans">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-surface focus:p-2">
          {t("skipToContent")}
        </a>
        <header className="border-b border-line bg-surface">
          <nav className="mx-auto flex max-w-article items-center justify-between gap-4 px-4 py-3">
            <AppLink href="/connexion" className="text-lg font-bold text-ink no-underline">
              {t("productName")}
            </AppLink>
            <LanguageSwitch target={locale === "fr" ? "en" : "fr"} label={t("switchTo")} description={t("switchToLabel")} />
          </nav>
        </header>
        <main id="main" className="mx-auto w-full max-w-article flex-1 px-4 py-8">
          <ClientIntlProvider locale={locale} messages={clientMessages(locale)}>
            {children}
          </ClientIntlProvider>
        </main>
        <footer className="border-t border-line bg-surface">
          <div className="mx-auto flex max-w-article flex-wrap items-center justify-between gap-2 px-4 py-4 text-sm text-ink-muted">
            <span>{t("footerNote")}</span>
            <AppLink href="/aide">{t("footerHelp")}</AppLink>
          </div>
        </footer>
      </body>
    </html>
  );
}
