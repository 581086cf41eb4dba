"use client";

import { useTranslations } from "@/lib/i18n/client";
import type { FieldErrors } from "react-hook-form";
import type { Identity } from "@/lib/validation/password-policy";
import type { StrengthEstimator } from "@/lib/validation/password-strength";
import { Field } from "./field";
import type { ServerFormFields } from "./lazy-form";
import { PasswordField } from "./password-field";
import { useErrorText } from "./use-error-text";

type NewPasswordValues = { password: string; passwordConfirmation: string };

/** The new password with its live rules, and its confirmation: sign-up and reset share them. */
export function NewPasswordFields<T extends NewPasswordValues>({
  form,
  errors: formErrors,
  label,
  identity,
  estimator,
}: {
  form: ServerFormFields<T>;
  /** The form's errors as useServerForm gives them (server answers included). */
  errors: FieldErrors<T>;
  label: string;
  identity: Identity;
  estimator?: StrengthEstimator;
}) {
  const t = useTranslations("fields");
  const errorText = useErrorText();
  // The generic form narrows to the two fields this component owns.
  const own = form as unknown as ServerFormFields<NewPasswordValues>;
  const errors = formErrors as FieldErrors<NewPasswordValues>;
  return (
    <>
      <PasswordField
        label={label}
        value={own.watch("password")}
        identity={identity}
        estimator={estimator}
        error={errorText(errors.password?.message)}
        {...own.register("password")}
      />
      <Field
        label={t("passwordConfirmation")}
        type="password"
        autoComplete="new-password"
        error={errorText(errors.passwordConfirmation?.message)}
        {...own.register("passwordConfirmation")}
      />
    </>
  );
}
