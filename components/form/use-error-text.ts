"use client";

import { useTranslations } from "next-intl";
import { messageKey } from "@/lib/validation/form-result";

/** Translates a schema message ("required") or a full catalogue key ("errors.emailTaken"). */
export function useErrorText() {
  const t = useTranslations();
  return (message: string | undefined) => {
    if (!message) return undefined;
    const key = message.includes(".") ? message : messageKey(message);
    return t.has(key as never) ? t(key as never) : t("errors.unexpected");
  };
}
