// The password rules as a zod refinement, for the forms that set a password.
// Kept out of password-policy.ts so that the rules' live checklist
// (components/form/password-field.tsx) does not bring zod into a page's first load.
import * as z from "zod/mini";
import { passwordError, type Identity } from "./password-policy";
import type { StrengthEstimator } from "./password-strength";
import { says } from "./form-result";

/**
 * Adds the password rules to a form schema with `password` and
 * `passwordConfirmation` fields. `identity` gives the pseudo and email to
 * compare with: from the form itself (sign-up) or from the account (reset).
 */
export function withPasswordRules<Schema extends z.ZodMiniType<{ password: string; passwordConfirmation: string }>>(
  schema: Schema,
  identity: (values: z.output<Schema>) => Identity,
  estimate?: StrengthEstimator,
): Schema {
  return schema.check(
    z.superRefine((values: z.output<Schema>, context) => {
      const code = passwordError(values.password, identity(values), estimate);
      if (code) context.addIssue({ code: "custom", path: ["password"], message: says(`errors.${code}`) });
      if (values.password !== values.passwordConfirmation) {
        context.addIssue({ code: "custom", path: ["passwordConfirmation"], message: says("errors.passwordMismatch") });
      }
    }),
  );
}
