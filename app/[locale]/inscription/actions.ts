"use server";

import { formAction } from "@/lib/next/form-action";
import { registerAccount } from "@/lib/auth/registration";
import { signUpBrowserCookie } from "@/lib/auth/sign-up-browser";
import { setAppCookie } from "@/lib/request/cookies";
import { followEmail } from "@/lib/next/follow-email";
import { requestClient, requestLocale } from "@/lib/next/request-context";
import type { FormResult, MessageKey } from "@/lib/validation/form-result";
import { signUpSchema } from "@/lib/validation/sign-up";

// The cheap rules only: the strength estimate costs CPU, so lib/ runs it after the rate limit.
export const signUpAction = formAction({ input: signUpSchema() }, async ({ input }): Promise<FormResult> => {
  const result = await registerAccount(input, await requestLocale(), await requestClient());
  if (result.ok) {
    // This browser may confirm the account with one press; any other must give its password.
    await setAppCookie(signUpBrowserCookie(result.userId));
    return {
      ok: true,
      notice: "notices.signedUp",
      email: await followEmail(result.emailId, input.email, { followed: "signup", accountId: result.userId }),
    };
  }
  if (result.code === "rateLimited") return { ok: false, formError: "rateLimited" };
  if (result.code === "weakPassword") return { ok: false, fieldErrors: { password: `errors.${result.reason}` } };
  const fieldErrors: Record<string, MessageKey> = {};
  if (result.fields.pseudo) fieldErrors.pseudo = "errors.pseudoTaken";
  if (result.fields.email) fieldErrors.email = "errors.emailTaken";
  return { ok: false, fieldErrors };
});
