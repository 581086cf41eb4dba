"use server";

import { formAction } from "@/lib/next/form-action";
import { redirect } from "next/navigation";
import { resetPasswordByToken } from "@/lib/auth/recovery";
import { requestClient } from "@/lib/next/request-context";
import { fieldErrorsOf, formValues, type FormResult } from "@/lib/validation/form-result";
import { resetPasswordSchema } from "@/lib/validation/reset-password";

export const resetPasswordAction = formAction(async (formData: FormData): Promise<FormResult> => {
  // The pseudo and email rule is checked by lib/ against the account itself.
  const parsed = resetPasswordSchema({}).safeParse(formValues(formData));
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    // Nobody types the token: a malformed one means a bad link, not a field to fix.
    return fieldErrors.token ? { ok: false, formError: "invalidLink" } : { ok: false, fieldErrors };
  }
  const result = await resetPasswordByToken(parsed.data.token, parsed.data.password, await requestClient());
  if (result.ok) redirect("/connexion?notice=passwordChanged");
  if (result.code === "invalidLink") return { ok: false, formError: "invalidLink" };
  return { ok: false, fieldErrors: { password: `errors.${result.code}` } };
});
