"use server";

import { requestUnlock } from "@/lib/auth/lockout";
import { handleEmailRequest } from "@/lib/http/email-request-action";
import type { FormResult } from "@/lib/validation/form-result";

export async function requestUnlockAction(_previous: FormResult | null, formData: FormData): Promise<FormResult> {
  return handleEmailRequest(formData, requestUnlock, "notices.unlockSent", "unlock");
}
