"use client";

import { useTranslations } from "@/lib/i18n/client";
import { AppLink } from "@/components/app-link";
import { useCallback } from "react";
import { ErrorSummary } from "@/components/form/error-summary";
import { FormError } from "@/components/form/form-error";
import { NewPasswordFields } from "@/components/form/new-password-fields";
import { SubmitButton } from "@/components/form/submit-button";
import { useServerForm } from "@/components/form/use-server-form";
import { useStrengthEstimator } from "@/components/form/use-password-checks";
import type { Identity } from "@/lib/validation/password-policy";
import { resetPasswordAction } from "./actions";

export function ResetForm({ token, identity, requestPage }: { token: string; identity: Identity; requestPage: string }) {
  const t = useTranslations();
  const estimator = useStrengthEstimator();
  const loadSchema = useCallback(
    () => import("@/lib/validation/reset-password").then((m) => m.resetPasswordSchema(identity, estimator)),
    [identity, estimator],
  );
  const { form, errors, state, formAction, pending, onSubmit } = useServerForm(loadSchema, resetPasswordAction);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {state && !state.ok && state.formError ? (
        <div className="flex flex-col gap-1">
          <FormError code={state.formError} />
          {state.formError === "invalidLink" ? <AppLink href={requestPage}>{t("errors.requestNewLink")}</AppLink> : null}
        </div>
      ) : null}
      <ErrorSummary
        errors={errors}
        labels={{ password: t("fields.newPassword"), passwordConfirmation: t("fields.passwordConfirmation") }}
      />
      <input type="hidden" defaultValue={token} {...form.register("token")} />
      <input type="text" name="username" autoComplete="username" value={identity.email ?? ""} readOnly hidden />
      <NewPasswordFields form={form} errors={errors} label={t("fields.newPassword")} identity={identity} estimator={estimator} />
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {t("reset.submit")}
      </SubmitButton>
    </form>
  );
}
