"use server";

import { requestPasswordReset } from "@/lib/auth/recovery";
import { handleEmailRequest } from "@/lib/http/email-request-action";
import type { FormResult } from "@/lib/validation/form-result";

export async function requestResetAction(_previous: FormResult | null, formData: FormData): Promise<FormResult> {
  return handleEmailRequest(formData, requestPasswordReset, "notices.resetRequested", "recovery");
}
