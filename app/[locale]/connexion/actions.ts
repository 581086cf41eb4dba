"use server";

import { formAction } from "@/lib/http/form-action";
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { isErrorCode } from "@/lib/auth/errors";
import { lockoutSettings } from "@/lib/auth/lockout";
import { safeReturnPath } from "@/lib/http/return-path";
import { fieldErrorsOf, formValues, type FormResult } from "@/lib/validation/form-result";
import { signInSchema } from "@/lib/validation/sign-in";

export const signInAction = formAction(async (formData: FormData): Promise<FormResult> => {
  const values = formValues(formData);
  const parsed = signInSchema.safeParse(values);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    // On success this throws Next's redirect, which must propagate.
    await signIn("credentials", {
      identifier: parsed.data.identifier,
      password: parsed.data.password,
      redirectTo: safeReturnPath(values.returnTo) ?? "/compte",
    });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      const code = isErrorCode(error.code) ? error.code : "invalidCredentials";
      // How long the lock lasts is said with the refusal: the page itself is rendered ahead of time.
      return code === "locked"
        ? { ok: false, formError: code, minutes: lockoutSettings().unlockAfterMinutes }
        : { ok: false, formError: code };
    }
    if (error instanceof AuthError) return { ok: false, formError: "unavailable" };
    throw error;
  }
  return { ok: true };
});
