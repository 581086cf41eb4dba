"use client";

import { useTranslations } from "@/lib/i18n/client";
import { ErrorSummary } from "@/components/form/error-summary";
import { Field } from "@/components/form/field";
import { FormError } from "@/components/form/form-error";
import { SubmitButton } from "@/components/form/submit-button";
import { useErrorText } from "@/components/form/use-error-text";
import { useServerForm } from "@/components/form/use-server-form";
import type { FormResult } from "@/lib/validation/form-result";

const loadEmailRequestSchema = () => import("@/lib/validation/sign-up").then((m) => m.emailRequestSchema);

/** "Corriger l'adresse": a sign-up whose confirmation email bounced gets its address fixed and a new email. */
export type CorrectAddressAction = (previous: FormResult | null, formData: FormData) => Promise<FormResult>;

/**
 * The form's state, held by the status line rather than the form: once the
 * address is corrected the form goes (the new email cannot bounce yet), and
 * without JavaScript the page the post renders must still say « Adresse
 * corrigée » and show the new email's line.
 */
export function useCorrectAddress(action: CorrectAddressAction) {
  return useServerForm(loadEmailRequestSchema, action);
}

export function CorrectAddressForm({ correction }: { correction: ReturnType<typeof useCorrectAddress> }) {
  const t = useTranslations();
  const errorText = useErrorText();
  const { form, errors, state, formAction, pending, onSubmit } = correction;
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate aria-labelledby="correct-address-title" className="flex flex-col gap-3">
      <h2 id="correct-address-title" className="font-bold">
        {t("emailStatus.correctTitle")}
      </h2>
      {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
      <ErrorSummary errors={errors} labels={{ email: t("fields.email") }} idPrefix="correct" />
      <Field
        label={t("fields.email")}
        type="email"
        autoComplete="email"
        idPrefix="correct"
        error={errorText(errors.email?.message)}
        {...form.register("email")}
      />
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {t("emailStatus.correctSubmit")}
      </SubmitButton>
    </form>
  );
}
