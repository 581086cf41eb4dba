import en from "@/messages/en.json";
import fr from "@/messages/fr.json";
import type { Locale } from "./config";

export type Messages = typeof fr;

export const catalogues: Record<Locale, Messages> = { fr, en };

/** Namespaces that client components read; the rest (emails, mailbox, …) stays on the server. */
const clientNamespaces = ["fields", "form", "errors", "notices", "password", "signIn", "signUp", "reset", "help", "account"] as const;

export function clientMessages(locale: Locale): Pick<Messages, (typeof clientNamespaces)[number]> {
  const all = catalogues[locale];
  return Object.fromEntries(clientNamespaces.map((namespace) => [namespace, all[namespace]])) as Pick<
    Messages,
    (typeof clientNamespaces)[number]
  >;
}
