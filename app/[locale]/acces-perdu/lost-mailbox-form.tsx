"use client";

import { useTranslations } from "@/lib/i18n/client";
import { Alert } from "@/components/alert";
import { ErrorSummary } from "@/components/form/error-summary";
import { Field } from "@/components/form/field";
import { FormError } from "@/components/form/form-error";
import { SubmitButton } from "@/components/form/submit-button";
import { useErrorText } from "@/components/form/use-error-text";
import { useServerForm } from "@/components/form/use-server-form";
import { requestRecoveryAction } from "./actions";
import { PasskeyEvidence, type PasskeyEvidenceLabels } from "./passkey-evidence";

const loadLostMailboxSchema = () => import("@/lib/validation/lost-mailbox").then((m) => m.lostMailboxSchema);

export function LostMailboxForm({ submitLabel, passkeyLabels }: { submitLabel: string; passkeyLabels: PasskeyEvidenceLabels }) {
  const t = useTranslations();
  const errorText = useErrorText();
  const { form, errors, state, formAction, pending, onSubmit } = useServerForm(loadLostMailboxSchema, requestRecoveryAction);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {state?.ok && state.notice ? <Alert tone="notice">{t(state.notice)}</Alert> : null}
      {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
      <ErrorSummary
        errors={errors}
        labels={{ identifier: t("fields.identifier"), newEmail: t("fields.newEmail"), password: t("fields.passwordIfRemembered") }}
        idPrefix="lost-mailbox"
      />
      <Field
        idPrefix="lost-mailbox"
        label={t("fields.identifier")}
        autoComplete="username"
        error={errorText(errors.identifier?.message)}
        {...form.register("identifier")}
      />
      <Field
        idPrefix="lost-mailbox"
        label={t("fields.newEmail")}
        type="email"
        autoComplete="email"
        error={errorText(errors.newEmail?.message)}
        {...form.register("newEmail")}
      />
      <Field
        idPrefix="lost-mailbox"
        label={t("fields.passwordIfRemembered")}
        type="password"
        autoComplete="current-password"
        error={errorText(errors.password?.message)}
        {...form.register("password")}
      />
      <PasskeyEvidence labels={passkeyLabels} />
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
