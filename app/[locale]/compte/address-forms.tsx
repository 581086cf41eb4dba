"use client";

import { useTranslations } from "@/lib/i18n/client";
import { Alert } from "@/components/alert";
import { ErrorSummary } from "@/components/form/error-summary";
import { Field } from "@/components/form/field";
import { FormError } from "@/components/form/form-error";
import type { SchemaLoader } from "@/components/form/lazy-form";
import { SubmitButton } from "@/components/form/submit-button";
import { useErrorText } from "@/components/form/use-error-text";
import { useServerForm } from "@/components/form/use-server-form";
import type { FormResult } from "@/lib/validation/form-result";
import { changeEmailAction, setRecoveryAddressAction } from "./actions";

type AddressField = "newEmail" | "recoveryEmail";
// Each form has one of the two address fields; one type covers both.
type AddressValues = Partial<Record<AddressField, string>> & { password: string };

const loadChangeEmailSchema = () => import("@/lib/validation/change-email").then((m) => m.changeEmailSchema);
const loadRecoveryAddressSchema = () => import("@/lib/validation/recovery-address").then((m) => m.recoveryAddressSchema);

/** « Changer d'adresse email »: the new address, then the current password. */
export function ChangeEmailForm() {
  return (
    <AddressForm
      field="newEmail"
      loadSchema={loadChangeEmailSchema}
      action={changeEmailAction}
      idPrefix="email-change"
      label="fields.newEmail"
      submit="account.emailSubmit"
    />
  );
}

/** « Adresse de secours »: the address, then the current password. */
export function RecoveryAddressForm() {
  return (
    <AddressForm
      field="recoveryEmail"
      loadSchema={loadRecoveryAddressSchema}
      action={setRecoveryAddressAction}
      idPrefix="recovery-address"
      label="fields.recoveryEmail"
      submit="account.recoverySubmit"
    />
  );
}

/** An address and the current password that proves it is the owner: the two /compte forms differ only in what they name. */
function AddressForm({
  field,
  loadSchema,
  action,
  idPrefix,
  label,
  submit,
}: {
  field: AddressField;
  loadSchema: SchemaLoader<AddressValues, AddressValues>;
  action: (previous: FormResult | null, formData: FormData) => Promise<FormResult>;
  idPrefix: string;
  label: "fields.newEmail" | "fields.recoveryEmail";
  submit: "account.emailSubmit" | "account.recoverySubmit";
}) {
  const t = useTranslations();
  const errorText = useErrorText();
  const { form, errors, state, formAction, pending, onSubmit } = useServerForm(loadSchema, action);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {state?.ok && state.notice ? <Alert tone="notice">{t(state.notice)}</Alert> : null}
      {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
      <ErrorSummary errors={errors} labels={{ [field]: t(label), password: t("fields.currentPassword") }} idPrefix={idPrefix} />
      <Field
        idPrefix={idPrefix}
        label={t(label)}
        type="email"
        autoComplete="email"
        error={errorText(errors[field]?.message)}
        {...form.register(field)}
      />
      <Field
        idPrefix={idPrefix}
        label={t("fields.currentPassword")}
        type="password"
        autoComplete="current-password"
        error={errorText(errors.password?.message)}
        {...form.register("password")}
      />
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {t(submit)}
      </SubmitButton>
    </form>
  );
}
