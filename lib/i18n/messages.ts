import en from "@/messages/en.json";
import fr from "@/messages/fr.json";
import type { MessageKeys, NestedKeyOf } from "use-intl";
import type { Locale } from "./config";

export type Messages = typeof fr;

/** Every key of the catalogue that names a text ("form.required"): a misspelt one does not compile. */
export type CatalogueKey = MessageKeys<Messages, NestedKeyOf<Messages>>;

export const catalogues: Record<Locale, Messages> = { fr, en };

/**
 * Namespaces that client components read on most pages; the rest (emails,
 * mailbox, …) stays on the server. Each travels in the page's markup, so the
 * two large ones that a single page reads are added by that page only
 * (ClientMessages): /aide's contact form, /compte's forms, the confirmation
 * link's form and the "Ce n'était pas moi" button.
 */
const commonNamespaces = ["fields", "form", "errors", "notices", "password", "signIn", "signUp", "reset", "emailStatus"] as const;
export type PageNamespace = "help" | "account" | "link" | "notMe";
type ClientNamespace = (typeof commonNamespaces)[number] | PageNamespace;

export function clientMessages(locale: Locale, extra: readonly PageNamespace[] = []): Partial<Pick<Messages, ClientNamespace>> {
  const all = catalogues[locale];
  return Object.fromEntries([...commonNamespaces, ...extra].map((namespace) => [namespace, all[namespace]]));
}
