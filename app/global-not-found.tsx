import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import "./globals.css";

// A URL that matches no page. Pages live under app/[locale] (proxy.ts), so
// there is no layout above them to borrow a document from: this one brings
// its own. The language comes from the proxy's header. Pages do not call
// notFound(): with a root layout under a dynamic segment, Next cannot render
// a 404 from inside a page (the development mailbox's gate is in the proxy).
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("errors");
  return { title: t("notFoundTitle"), robots: { index: false } };
}

export default async function GlobalNotFound() {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("errors")]);
  return (
    <html lang={locale}>
      <body className="font-sans">
        <main id="main" className="mx-auto w-full max-w-article px-4 py-8">
          <h1 className="text-2xl font-bold">{t("notFoundTitle")}</h1>
          <p className="mt-4">{t("notFound")}</p>
          <p className="mt-4">
            <Link href="/connexion">{t("notFoundAction")}</Link>
          </p>
        </main>
      </body>
    </html>
  );
}
