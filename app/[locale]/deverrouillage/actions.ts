"use server";

import { formAction } from "@/lib/next/form-action";
import { requestUnlock } from "@/lib/auth/lockout";
import { handleEmailRequest } from "@/lib/next/email-request-action";
import type { FormResult } from "@/lib/validation/form-result";

export const requestUnlockAction = formAction(async (formData: FormData): Promise<FormResult> => {
  return handleEmailRequest(formData, requestUnlock, "notices.unlockSent", "unlock");
});
