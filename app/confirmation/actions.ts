"use server";

import { requestConfirmation } from "@/lib/auth/confirmation";
import { handleEmailRequest } from "@/lib/http/email-request-action";
import type { FormResult } from "@/lib/validation/form-result";

export async function requestConfirmationAction(_previous: FormResult | null, formData: FormData): Promise<FormResult> {
  return handleEmailRequest(formData, requestConfirmation, "notices.confirmationSent", "confirmation");
}
