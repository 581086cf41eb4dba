import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { NotFoundContent } from "@/components/not-found-content";
import "./globals.css";

// A URL that matches no page. Pages live under app/[locale] (proxy.ts), so
// there is no layout above them to borrow a document from: this one brings
// its own. The language comes from the proxy's header. A page that calls
// notFound() (the support console, for anyone but an agent) gets
// app/[locale]/not-found.tsx instead, with the same text.
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("errors");
  return { title: t("notFoundTitle"), robots: { index: false } };
}

export default async function GlobalNotFound() {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="font-sans">
        <main id="main" className="mx-auto w-full max-w-article px-4 py-8">
          <NotFoundContent />
        </main>
      </body>
    </html>
  );
}
