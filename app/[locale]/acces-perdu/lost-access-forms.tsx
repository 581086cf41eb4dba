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
import { requestRecoveryAction, requestTwoStepRecoveryAction } from "./actions";
import { PasskeyEvidence, type PasskeyEvidenceLabels } from "./passkey-evidence";

// The two requests of a lost access: /acces-perdu (a new address, and the
// evidence the owner can give) and /acces-perdu/application (the account's
// own address; two-step off at the end). The same form, less the new address
// and the passkey for the second.

type LostAccessValues = { identifier: string; newEmail?: string; password?: string };

const loadLostMailboxSchema = () => import("@/lib/validation/lost-mailbox").then((m) => m.lostMailboxSchema);
const loadLostAuthenticatorSchema = () => import("@/lib/validation/lost-mailbox").then((m) => m.lostAuthenticatorSchema);

/** « Récupérer mon compte sans mon adresse email ». */
export function LostMailboxForm({ submitLabel, passkeyLabels }: { submitLabel: string; passkeyLabels: PasskeyEvidenceLabels }) {
  return (
    <LostAccessForm
      idPrefix="lost-mailbox"
      loadSchema={loadLostMailboxSchema}
      action={requestRecoveryAction}
      submitLabel={submitLabel}
      passkeyLabels={passkeyLabels}
    />
  );
}

/** « J'ai perdu mon application d'authentification »: the account and, if remembered, the password. */
export function LostAuthenticatorForm({ submitLabel }: { submitLabel: string }) {
  return (
    <LostAccessForm
      idPrefix="lost-authenticator"
      loadSchema={loadLostAuthenticatorSchema}
      action={requestTwoStepRecoveryAction}
      submitLabel={submitLabel}
    />
  );
}

function LostAccessForm({
  idPrefix,
  loadSchema,
  action,
  submitLabel,
  passkeyLabels,
}: {
  idPrefix: string;
  loadSchema: SchemaLoader<LostAccessValues, LostAccessValues>;
  action: (previous: FormResult | null, formData: FormData) => Promise<FormResult>;
  submitLabel: string;
  /** The new address and the passkey evidence: the lost mailbox's request only. */
  passkeyLabels?: PasskeyEvidenceLabels;
}) {
  const t = useTranslations();
  const errorText = useErrorText();
  const { form, errors, state, formAction, pending, onSubmit } = useServerForm(loadSchema, action);
  const newAddress = passkeyLabels !== undefined;
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {state?.ok && state.notice ? <Alert tone="notice">{t(state.notice)}</Alert> : null}
      {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
      <ErrorSummary
        errors={errors}
        labels={{
          identifier: t("fields.identifier"),
          ...(newAddress ? { newEmail: t("fields.newEmail") } : {}),
          password: t("fields.passwordIfRemembered"),
        }}
        idPrefix={idPrefix}
      />
      <Field
        idPrefix={idPrefix}
        label={t("fields.identifier")}
        autoComplete="username"
        error={errorText(errors.identifier?.message)}
        {...form.register("identifier")}
      />
      {newAddress ? (
        <Field
          idPrefix={idPrefix}
          label={t("fields.newEmail")}
          type="email"
          autoComplete="email"
          error={errorText(errors.newEmail?.message)}
          {...form.register("newEmail")}
        />
      ) : null}
      <Field
        idPrefix={idPrefix}
        label={t("fields.passwordIfRemembered")}
        type="password"
        autoComplete="current-password"
        error={errorText(errors.password?.message)}
        {...form.register("password")}
      />
      {passkeyLabels ? <PasskeyEvidence labels={passkeyLabels} /> : null}
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
