"use server";

import { formAction } from "@/lib/next/form-action";
import { requestPasswordReset } from "@/lib/auth/recovery";
import { handleEmailRequest } from "@/lib/next/email-request-action";
import type { FormResult } from "@/lib/validation/form-result";

export const requestResetAction = formAction(async (formData: FormData): Promise<FormResult> => {
  return handleEmailRequest(formData, requestPasswordReset, "notices.resetRequested", "recovery");
});
