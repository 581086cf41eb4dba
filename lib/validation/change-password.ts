import * as z from "zod/mini";
import type { Identity } from "./password-policy";
import { withPasswordRules } from "./password-rules";
import type { StrengthEstimator } from "./password-strength";
import { confirmationField, currentPasswordField, newPasswordField } from "./fields";

const base = z.object({
  currentPassword: currentPasswordField,
  password: newPasswordField,
  passwordConfirmation: confirmationField,
});

export type ChangePasswordInput = z.input<typeof base>;

/** `identity` is the account's pseudo and email; the server checks them again from the database. */
export function changePasswordSchema(identity: Identity, estimate?: StrengthEstimator) {
  return withPasswordRules(base, () => identity, estimate);
}
