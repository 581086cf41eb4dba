import en from "@/messages/en.json";
import fr from "@/messages/fr.json";
import type { Locale } from "./config";

export type Messages = typeof fr;

export const catalogues: Record<Locale, Messages> = { fr, en };
