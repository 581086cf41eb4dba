"use client";

import { useTranslations } from "@/lib/i18n/client";
import { Alert } from "@/components/alert";
import { ErrorSummary } from "@/components/form/error-summary";
import { Field } from "@/components/form/field";
import { FormError } from "@/components/form/form-error";
import { SubmitButton } from "@/components/form/submit-button";
import { useErrorText } from "@/components/form/use-error-text";
import { useServerForm } from "@/components/form/use-server-form";
import { setRecoveryAddressAction } from "./actions";

const loadRecoveryAddressSchema = () => import("@/lib/validation/recovery-address").then((m) => m.recoveryAddressSchema);

export function RecoveryAddressForm() {
  const t = useTranslations();
  const errorText = useErrorText();
  const { form, errors, state, formAction, pending, onSubmit } = useServerForm(loadRecoveryAddressSchema, setRecoveryAddressAction);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {state?.ok && state.notice ? <Alert tone="notice">{t(state.notice)}</Alert> : null}
      {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
      <ErrorSummary
        errors={errors}
        labels={{ recoveryEmail: t("fields.recoveryEmail"), password: t("fields.currentPassword") }}
        idPrefix="recovery-address"
      />
      <Field
        idPrefix="recovery-address"
        label={t("fields.recoveryEmail")}
        type="email"
        autoComplete="email"
        error={errorText(errors.recoveryEmail?.message)}
        {...form.register("recoveryEmail")}
      />
      <Field
        idPrefix="recovery-address"
        label={t("fields.currentPassword")}
        type="password"
        autoComplete="current-password"
        error={errorText(errors.password?.message)}
        {...form.register("password")}
      />
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {t("account.recoverySubmit")}
      </SubmitButton>
    </form>
  );
}
