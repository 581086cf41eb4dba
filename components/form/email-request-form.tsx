"use client";

import { useTranslations } from "@/lib/i18n/client";
import { Alert } from "@/components/alert";
import { LazyEmailStatusLine } from "@/components/email-status/lazy-email-status-line";
import { ErrorSummary } from "@/components/form/error-summary";
import { Field } from "@/components/form/field";
import { FormError } from "@/components/form/form-error";
import { SubmitButton } from "@/components/form/submit-button";
import { useErrorText } from "@/components/form/use-error-text";
import { useServerForm } from "@/components/form/use-server-form";
import type { FormResult } from "@/lib/validation/form-result";

const loadEmailRequestSchema = () => import("@/lib/validation/sign-up").then((m) => m.emailRequestSchema);

type EmailRequestFormProps = {
  action: (previous: FormResult | null, formData: FormData) => Promise<FormResult>;
  submitLabel: string;
};

/** "Email" and the green "Envoyer": the confirmation, unlock and forgotten-password requests. */
export function EmailRequestForm({ action, submitLabel }: EmailRequestFormProps) {
  const t = useTranslations();
  const errorText = useErrorText();
  const { form, errors, state, formAction, pending, onSubmit } = useServerForm(loadEmailRequestSchema, action);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {state?.ok && state.notice ? <Alert tone="notice">{t(state.notice)}</Alert> : null}
      {state?.ok && state.email ? <LazyEmailStatusLine initial={state.email} /> : null}
      {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
      <ErrorSummary errors={errors} labels={{ email: t("fields.email") }} />
      <Field
        label={t("fields.email")}
        type="email"
        autoComplete="email"
        error={errorText(errors.email?.message)}
        {...form.register("email")}
      />
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
