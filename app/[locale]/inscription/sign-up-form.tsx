"use client";

import { AppLink } from "@/components/app-link";
import { useTranslations } from "@/lib/i18n/client";
import { lazy, useCallback } from "react";
import { ErrorSummary } from "@/components/form/error-summary";
import { Field } from "@/components/form/field";
import { NewPasswordFields } from "@/components/form/new-password-fields";
import { SubmitButton } from "@/components/form/submit-button";
import { useErrorText } from "@/components/form/use-error-text";
import { useServerForm } from "@/components/form/use-server-form";
import { useStrengthEstimator } from "@/components/form/use-password-checks";
import { signUpAction } from "./actions";

// What the action's answer shows, fetched with the answer rather than with
// the page. No Suspense boundary (as LazyEmailStatusLine): the server renders
// them into the page for a browser without JavaScript, and in the browser the
// action's transition keeps the form on screen until they are in.
const SignUpDone = lazy(() => import("./sign-up-done").then((module) => ({ default: module.SignUpDone })));
const FormError = lazy(() => import("@/components/form/form-error").then((module) => ({ default: module.FormError })));

export function SignUpForm() {
  const t = useTranslations();
  const errorText = useErrorText();
  const estimator = useStrengthEstimator();
  const loadSchema = useCallback(() => import("@/lib/validation/sign-up").then((m) => m.signUpSchema(estimator)), [estimator]);
  const { form, errors, state, formAction, pending, onSubmit } = useServerForm(loadSchema, signUpAction);
  const [pseudo, email] = form.watch(["pseudo", "email"]);

  if (state?.ok) return <SignUpDone email={state.email} />;

  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
      <ErrorSummary
        errors={errors}
        labels={{
          pseudo: t("fields.pseudo"),
          email: t("fields.email"),
          password: t("fields.password"),
          passwordConfirmation: t("fields.passwordConfirmation"),
        }}
      />
      <Field
        label={t("fields.pseudo")}
        hint={t("fields.pseudoHint")}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        error={errorText(errors.pseudo?.message)}
        {...form.register("pseudo")}
      />
      <Field
        label={t("fields.email")}
        hint={t("fields.emailHint")}
        type="email"
        autoComplete="email"
        error={errorText(errors.email?.message)}
        {...form.register("email")}
      />
      {errors.email?.message === "errors.emailTaken" ? (
        <p className="-mt-3 text-sm">
          <AppLink href="/aide#email-indisponible">{t("errors.seeHelp")}</AppLink>
        </p>
      ) : null}
      <NewPasswordFields form={form} errors={errors} label={t("fields.password")} identity={{ pseudo, email }} estimator={estimator} />
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {t("signUp.submit")}
      </SubmitButton>
      <p className="text-sm">
        {t("signUp.haveAccount")} <AppLink href="/connexion">{t("signUp.signIn")}</AppLink>
      </p>
    </form>
  );
}
