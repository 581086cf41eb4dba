import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NotFoundContent } from "@/components/not-found-content";

// What notFound() renders from a page under app/[locale]: the support
// console's gate and a path no page matches (app/[locale]/[...missing]) get
// the same response, so the console does not show that it exists.
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("errors");
  return { title: t("notFoundTitle"), robots: { index: false } };
}

export default function LocaleNotFound() {
  return <NotFoundContent />;
}
