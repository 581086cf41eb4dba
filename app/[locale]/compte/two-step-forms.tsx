"use client";

import { useTranslations } from "@/lib/i18n/client";
import { useActionState } from "react";
import { Alert } from "@/components/alert";
import { Field } from "@/components/form/field";
import { FormError } from "@/components/form/form-error";
import { SubmitButton } from "@/components/form/submit-button";
import { useErrorText } from "@/components/form/use-error-text";
import { useServerForm } from "@/components/form/use-server-form";
import { disableTwoStepAction, enableTwoStepAction, regenerateCodesAction, startTwoStepAction } from "./actions";

const loadStartSchema = () => import("@/lib/validation/two-step").then((m) => m.startTwoStepSchema);
const loadEnableSchema = () => import("@/lib/validation/two-step").then((m) => m.enableTwoStepSchema);
const loadDisableSchema = () => import("@/lib/validation/two-step").then((m) => m.disableTwoStepSchema);

const secondaryButton = "rounded-control border border-line bg-surface px-4 py-2 font-medium hover:bg-canvas";

/** "Activer la validation en deux étapes": the current password first. */
export function StartTwoStepForm({ email }: { email: string }) {
  const t = useTranslations();
  const errorText = useErrorText();
  const { form, errors, state, formAction, pending, onSubmit } = useServerForm(loadStartSchema, startTwoStepAction);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field
        idPrefix="two-step-start"
        label={t("fields.currentPassword")}
        type="password"
        autoComplete="current-password"
        error={errorText(errors.currentPassword?.message)}
        {...form.register("currentPassword")}
      />
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {t("account.twoStepStart")}
      </SubmitButton>
    </form>
  );
}

/** The ten recovery codes, shown once, and the same as a .txt file made in the page (they never travel again). */
function RecoveryCodes({ codes, email }: { codes: string[]; email: string }) {
  const t = useTranslations("account");
  const file = `${t("twoStepCodesFile", { email })}\n\n${codes.join("\n")}\n`;
  return (
    <div className="flex flex-col gap-3 rounded-control border border-line bg-surface p-4">
      <h3 className="font-bold">{t("twoStepCodesTitle")}</h3>
      <p className="text-sm">{t("twoStepCodesIntro")}</p>
      <ul aria-label={t("twoStepCodesTitle")} className="grid grid-cols-2 gap-1 font-mono">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <a
        href={`data:text/plain;charset=utf-8,${encodeURIComponent(file)}`}
        download="sesame-codes-de-secours.txt"
        className={`inline-block self-start ${secondaryButton}`}
      >
        {t("twoStepCodesDownload")}
      </a>
    </div>
  );
}

/** "Code à 6 chiffres" and "Activer"; then the recovery codes in its place. */
export function EnableTwoStepForm({ email }: { email: string }) {
  const t = useTranslations();
  const errorText = useErrorText();
  const { form, errors, state, formAction, pending, onSubmit } = useServerForm(loadEnableSchema, enableTwoStepAction);
  if (state?.ok && state.recoveryCodes) return <RecoveryCodes codes={state.recoveryCodes} email={email} />;
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
      <Field
        idPrefix="two-step-enable"
        label={t("fields.twoStepCode")}
        inputMode="numeric"
        autoComplete="one-time-code"
        error={errorText(errors.code?.message)}
        {...form.register("code")}
      />
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {t("account.twoStepEnable")}
      </SubmitButton>
    </form>
  );
}

/** "Générer de nouveaux codes": the new ones replace the button. */
export function RegenerateCodesForm({ email }: { email: string }) {
  const t = useTranslations();
  const [state, formAction, pending] = useActionState(regenerateCodesAction, null);
  if (state?.ok && state.recoveryCodes) return <RecoveryCodes codes={state.recoveryCodes} email={email} />;
  return (
    <form action={formAction} className="flex flex-col gap-2">
      {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
      <p className="text-sm text-ink-muted">{t("account.twoStepRegenerateIntro")}</p>
      <button type="submit" disabled={pending} className={`self-start ${secondaryButton}`}>
        {t("account.twoStepRegenerate")}
      </button>
    </form>
  );
}

/** "Désactiver la validation en deux étapes": the password and a code. */
export function DisableTwoStepForm({ email }: { email: string }) {
  const t = useTranslations();
  const errorText = useErrorText();
  const { form, errors, state, formAction, pending, onSubmit } = useServerForm(loadDisableSchema, disableTwoStepAction);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {state?.ok && state.notice ? <Alert tone="notice">{t(state.notice)}</Alert> : null}
      {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
      <p className="text-sm text-ink-muted">{t("account.twoStepDisableIntro")}</p>
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field
        idPrefix="two-step-disable"
        label={t("fields.currentPassword")}
        type="password"
        autoComplete="current-password"
        error={errorText(errors.currentPassword?.message)}
        {...form.register("currentPassword")}
      />
      <Field
        idPrefix="two-step-disable"
        label={t("fields.twoStepDisableCode")}
        autoComplete="one-time-code"
        error={errorText(errors.code?.message)}
        {...form.register("code")}
      />
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {t("account.twoStepDisable")}
      </SubmitButton>
    </form>
  );
}
