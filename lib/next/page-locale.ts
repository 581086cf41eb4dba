import "server-only";
import { notFound } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import { isLocale, type Locale } from "@/lib/i18n/config";

/** What Next passes to every page, layout and generateMetadata under app/[locale]. */
export type LocaleProps = { params: Promise<{ locale: string }> };

/**
 * The language of the page being rendered, from its [locale] segment (which
 * the proxy chose). Declaring it lets next-intl render without reading the
 * request, so pages without per-request data are rendered once, at build time.
 */
export async function pageLocale(params: LocaleProps["params"]): Promise<Locale> {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  return locale;
}
