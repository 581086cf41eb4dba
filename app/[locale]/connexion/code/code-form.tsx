"use client";

import { useTranslations } from "@/lib/i18n/client";
import { Field } from "@/components/form/field";
import { FormError } from "@/components/form/form-error";
import { SubmitButton } from "@/components/form/submit-button";
import { useErrorText } from "@/components/form/use-error-text";
import { useServerForm } from "@/components/form/use-server-form";
import { appCodeAction, recoveryCodeAction } from "../actions";

const loadAppCodeSchema = () => import("@/lib/validation/two-step").then((m) => m.appCodeSchema);
const loadRecoveryCodeSchema = () => import("@/lib/validation/two-step").then((m) => m.recoveryCodeSchema);

type Props = { returnTo?: string; rememberDays: number };

/** "Ne plus demander sur ce navigateur", with how long it lasts. */
function Remember({ rememberDays }: { rememberDays: number }) {
  const t = useTranslations();
  return (
    <div className="flex flex-col gap-1">
      <label className="flex items-center gap-2">
        <input type="checkbox" name="remember" value="on" aria-describedby="two-step-remember-hint" />
        {t("fields.twoStepRemember")}
      </label>
      <p id="two-step-remember-hint" className="text-sm text-ink-muted">
        {t("signIn.rememberHint", { days: rememberDays })}
      </p>
    </div>
  );
}

/** "Code" and "Valider". */
export function AppCodeForm({ returnTo, rememberDays }: Props) {
  const t = useTranslations();
  const errorText = useErrorText();
  const { form, errors, state, formAction, pending, onSubmit } = useServerForm(loadAppCodeSchema, appCodeAction);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {state && !state.ok && state.formError ? <FormError code={state.formError} minutes={state.minutes} /> : null}
      {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
      <Field
        label={t("fields.signInCode")}
        inputMode="numeric"
        autoComplete="one-time-code"
        error={errorText(errors.code?.message)}
        {...form.register("code")}
      />
      <Remember rememberDays={rememberDays} />
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {t("signIn.codeSubmit")}
      </SubmitButton>
    </form>
  );
}

/** "Utiliser un code de secours": "Code de secours" and "Valider". */
export function RecoveryCodeForm({ returnTo, rememberDays }: Props) {
  const t = useTranslations();
  const errorText = useErrorText();
  const { form, errors, state, formAction, pending, onSubmit } = useServerForm(loadRecoveryCodeSchema, recoveryCodeAction);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {state && !state.ok && state.formError ? <FormError code={state.formError} minutes={state.minutes} /> : null}
      {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
      <Field
        label={t("fields.recoveryCode")}
        autoComplete="one-time-code"
        autoCapitalize="characters"
        spellCheck={false}
        error={errorText(errors.recoveryCode?.message)}
        {...form.register("recoveryCode")}
      />
      <Remember rememberDays={rememberDays} />
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {t("signIn.codeSubmit")}
      </SubmitButton>
    </form>
  );
}
