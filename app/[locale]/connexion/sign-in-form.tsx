"use client";

import { AppLink } from "@/components/app-link";
import { useTranslations } from "@/lib/i18n/client";
import { ErrorSummary } from "@/components/form/error-summary";
import { Field } from "@/components/form/field";
import { FormError } from "@/components/form/form-error";
import { SubmitButton } from "@/components/form/submit-button";
import { useErrorText } from "@/components/form/use-error-text";
import { useServerForm } from "@/components/form/use-server-form";
import type { SignInInput } from "@/lib/validation/sign-in";
import { signInAction } from "./actions";

const loadSignInSchema = () => import("@/lib/validation/sign-in").then((m) => m.signInSchema);

export function SignInForm({ returnTo }: { returnTo?: string }) {
  const t = useTranslations();
  const errorText = useErrorText();
  const { form, errors, state, formAction, pending, onSubmit, formRef } = useServerForm<SignInInput>(loadSignInSchema, signInAction);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {state && !state.ok && state.formError ? <FormError code={state.formError} minutes={state.minutes} /> : null}
      <ErrorSummary errors={errors} labels={{ identifier: t("fields.identifier"), password: t("fields.password") }} />
      {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
      <Field
        label={t("fields.identifier")}
        // "webauthn" lets the browser offer passkeys here too (PasskeySignIn asks for them).
        autoComplete="username webauthn"
        autoCapitalize="none"
        spellCheck={false}
        error={errorText(errors.identifier?.message)}
        {...form.register("identifier")}
      />
      <Field
        label={t("fields.password")}
        type="password"
        autoComplete="current-password"
        error={errorText(errors.password?.message)}
        {...form.register("password")}
      />
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {t("signIn.submit")}
      </SubmitButton>
      <ul className="flex flex-col gap-1 text-sm">
        <li>
          <AppLink href="/mot-de-passe-oublie">{t("signIn.forgotPassword")}</AppLink>
        </li>
        <li>
          <AppLink href="/confirmation">{t("signIn.noConfirmation")}</AppLink>
        </li>
        <li>
          <AppLink href="/deverrouillage">{t("signIn.noUnlock")}</AppLink>
        </li>
        <li>
          <AppLink href="/acces-perdu">{t("signIn.lostMailbox")}</AppLink>
        </li>
        <li>
          {t("signIn.noAccount")} <AppLink href="/inscription">{t("signIn.signUp")}</AppLink>
        </li>
      </ul>
    </form>
  );
}
