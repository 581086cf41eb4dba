import { notFound } from "next/navigation";
import { pageLocale, type LocaleProps } from "@/lib/next/page-locale";

// Every path under a language that no page matches. It renders the 404 of
// app/[locale]/not-found.tsx, inside the site's layout, exactly as the support
// console's gate does for anyone who is not an agent: a stranger cannot tell
// the console from a page that does not exist by its title or its size.
export default async function MissingPage({ params }: LocaleProps) {
  await pageLocale(params);
  notFound();
}
