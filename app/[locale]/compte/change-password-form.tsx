"use client";

import { useTranslations } from "@/lib/i18n/client";
import { useCallback } from "react";
import { Alert } from "@/components/alert";
import { ErrorSummary } from "@/components/form/error-summary";
import { Field } from "@/components/form/field";
import { FormError } from "@/components/form/form-error";
import { NewPasswordFields } from "@/components/form/new-password-fields";
import { SubmitButton } from "@/components/form/submit-button";
import { useErrorText } from "@/components/form/use-error-text";
import { useServerForm } from "@/components/form/use-server-form";
import { useStrengthEstimator } from "@/components/form/use-password-checks";
import type { Identity } from "@/lib/validation/password-policy";
import { changePasswordAction } from "./actions";

export function ChangePasswordForm({ identity }: { identity: Identity }) {
  const t = useTranslations();
  const errorText = useErrorText();
  const estimator = useStrengthEstimator();
  const loadSchema = useCallback(
    () => import("@/lib/validation/change-password").then((m) => m.changePasswordSchema(identity, estimator)),
    [identity, estimator],
  );
  const { form, errors, state, formAction, pending, onSubmit } = useServerForm(loadSchema, changePasswordAction);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {state?.ok && state.notice ? <Alert tone="notice">{t(state.notice)}</Alert> : null}
      {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
      <ErrorSummary
        errors={errors}
        labels={{
          currentPassword: t("fields.currentPassword"),
          password: t("fields.newPassword"),
          passwordConfirmation: t("fields.passwordConfirmation"),
        }}
      />
      <input type="text" name="username" autoComplete="username" value={identity.email ?? ""} readOnly hidden />
      <Field
        label={t("fields.currentPassword")}
        type="password"
        autoComplete="current-password"
        error={errorText(errors.currentPassword?.message)}
        {...form.register("currentPassword")}
      />
      <NewPasswordFields form={form} errors={errors} label={t("fields.newPassword")} identity={identity} estimator={estimator} />
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {t("account.passwordSubmit")}
      </SubmitButton>
    </form>
  );
}
