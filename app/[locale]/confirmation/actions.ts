"use server";

import { formAction } from "@/lib/next/form-action";
import { requestConfirmation } from "@/lib/auth/confirmation";
import { handleEmailRequest } from "@/lib/next/email-request-action";
import type { FormResult } from "@/lib/validation/form-result";

export const requestConfirmationAction = formAction(async (formData: FormData): Promise<FormResult> => {
  return handleEmailRequest(formData, requestConfirmation, "notices.confirmationSent", "confirmation");
});
