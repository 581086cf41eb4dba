"use server";

import { formAction } from "@/lib/next/form-action";
import { registerAccount } from "@/lib/auth/registration";
import { signUpBrowserCookie } from "@/lib/auth/sign-up-browser";
import { setAppCookie } from "@/lib/request/cookies";
import { followEmail } from "@/lib/next/follow-email";
import { requestClient, requestLocale } from "@/lib/next/request-context";
import { fieldErrorsOf, formValues, type FormResult, type MessageKey } from "@/lib/validation/form-result";
import { signUpSchema } from "@/lib/validation/sign-up";

export const signUpAction = formAction(async (formData: FormData): Promise<FormResult> => {
  // The cheap rules only: the strength estimate costs CPU, so lib/ runs it after the rate limit.
  const parsed = signUpSchema().safeParse(formValues(formData));
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const result = await registerAccount(parsed.data, await requestLocale(), await requestClient());
  if (result.ok)
    return {
      ok: true,
      notice: "notices.signedUp",
      email: await followEmail(result.emailId, parsed.data.email, { followed: "signup", accountId: result.userId }),
    };
  if (result.code === "rateLimited") return { ok: false, formError: "rateLimited" };
  if (result.code === "weakPassword") return { ok: false, fieldErrors: { password: `errors.${result.reason}` } };
  const fieldErrors: Record<string, MessageKey> = {};
  if (result.fields.pseudo) fieldErrors.pseudo = "errors.pseudoTaken";
  if (result.fields.email) fieldErrors.email = "errors.emailTaken";
  return { ok: false, fieldErrors };
});
