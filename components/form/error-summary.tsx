"use client";

import { useTranslations } from "@/lib/i18n/client";
import type { FieldErrors, FieldValues } from "react-hook-form";
import { fieldIds } from "./field";
import { useErrorText } from "./use-error-text";

type ErrorSummaryProps<T extends FieldValues> = { errors: FieldErrors<T>; labels: Record<string, string>; idPrefix?: string };

/** The list of field errors at the top of a form, each linking to its field. */
export function ErrorSummary<T extends FieldValues>({ errors, labels, idPrefix }: ErrorSummaryProps<T>) {
  const t = useTranslations("form");
  const errorText = useErrorText();
  const entries = Object.entries(errors).filter(([, error]) => typeof error?.message === "string");
  if (entries.length === 0) return null;
  return (
    <div className="rounded-control border border-danger-border bg-danger-soft px-4 py-3 text-danger">
      <p className="font-medium">{t("errorSummary", { count: entries.length })}</p>
      <ul className="mt-1 list-disc pl-5 text-sm">
        {entries.map(([name, error]) => (
          <li key={name}>
            <a href={`#${fieldIds(name, idPrefix).input}`} className="inline-block py-0.5 text-danger">
              {labels[name] ?? name} : {errorText(String(error?.message))}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
