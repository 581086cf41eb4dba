import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { NotFoundContent } from "@/components/not-found-content";
import "./globals.css";

// A URL outside every language's tree (the proxy sends every page path into
// one, and app/[locale]/[...missing] answers the ones no page matches with
// app/[locale]/not-found.tsx, the 404 of the support console's gate too):
// what is left is a path the proxy does not rewrite. Pages live under
// app/[locale], so there is no layout above this one to borrow a document
// from: it brings its own. The language comes from the proxy's header.
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
