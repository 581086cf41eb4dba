import * as z from "zod/mini";
import { withPasswordRules } from "./password-rules";
import type { StrengthEstimator } from "./password-strength";
import { confirmationField, emailField, newPasswordField, pseudoField } from "./fields";

const base = z.object({
  pseudo: pseudoField,
  email: emailField,
  password: newPasswordField,
  passwordConfirmation: confirmationField,
});

export type SignUpInput = z.input<typeof base>;
export type SignUpData = z.output<typeof base>;

/** The sign-up rules; the browser passes the estimator once the dictionaries load, the server always does. */
export function signUpSchema(estimate?: StrengthEstimator) {
  return withPasswordRules(base, (values) => ({ pseudo: values.pseudo, email: values.email }), estimate);
}

export const emailRequestSchema = z.object({ email: emailField });
export type EmailRequestInput = z.input<typeof emailRequestSchema>;
