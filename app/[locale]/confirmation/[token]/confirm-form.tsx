"use client";

import { AppLink } from "@/components/app-link";
import { useTranslations } from "@/lib/i18n/client";
import { useActionState } from "react";
import { Field } from "@/components/form/field";
import { FormError } from "@/components/form/form-error";
import { SubmitButton } from "@/components/form/submit-button";
import { confirmAccountAction } from "./actions";

/** The button, with the account's password when this is not the browser that signed up; works without JavaScript. */
export function ConfirmForm({ token, askPassword }: { token: string; askPassword: boolean }) {
  const t = useTranslations();
  const [state, formAction] = useActionState(confirmAccountAction, null);
  const failed = state && !state.ok ? state : null;
  const passwordError = failed?.fieldErrors?.password;
  return (
    <form action={formAction} className="flex flex-col gap-4">
      {failed?.formError ? <FormError code={failed.formError} minutes={failed.minutes} /> : null}
      <input type="hidden" name="token" value={token} />
      {askPassword ? (
        <Field
          name="password"
          type="password"
          label={t("fields.password")}
          autoComplete="current-password"
          required
          error={passwordError ? t(passwordError) : undefined}
        />
      ) : null}
      <SubmitButton pendingLabel={t("form.pending")}>{t("link.confirmSubmit")}</SubmitButton>
      {askPassword ? (
        <p className="text-sm">
          <AppLink href="/mot-de-passe-oublie">{t("link.confirmNotYours")}</AppLink>
        </p>
      ) : null}
    </form>
  );
}
