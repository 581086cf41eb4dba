"use server";

import { cookies } from "next/headers";
import { correctSignUpAddress } from "@/lib/auth/registration";
import { followEmail } from "@/lib/next/follow-email";
import { formAction } from "@/lib/next/form-action";
import { requestClient } from "@/lib/next/request-context";
import { STATUS_COOKIE } from "@/lib/mail/status";
import type { FormResult } from "@/lib/validation/form-result";
import { emailRequestSchema } from "@/lib/validation/sign-up";

export const correctAddressAction = formAction({ input: emailRequestSchema }, async ({ input }): Promise<FormResult> => {
  const result = await correctSignUpAddress((await cookies()).get(STATUS_COOKIE)?.value, input.email, await requestClient());
  if (result.ok)
    return {
      ok: true,
      notice: "emailStatus.corrected",
      email: await followEmail(result.emailId, input.email, { followed: "signup", accountId: result.userId }),
    };
  if (result.code === "taken") return { ok: false, fieldErrors: { email: "errors.emailTaken" } };
  return { ok: false, formError: result.code };
});
