"use client";

import { useTranslations } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/validation/form-result";

/**
 * Translates a field's message. Ours are catalogue keys (`says`); anything
 * else (a message zod wrote itself) shows the generic error, never raw text.
 */
export function useErrorText() {
  const t = useTranslations();
  return (message: string | undefined) => {
    if (!message) return undefined;
    return t.has(message as MessageKey) ? t(message as MessageKey) : t("errors.unexpected");
  };
}
