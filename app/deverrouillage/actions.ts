"use server";

import { requestUnlock } from "@/lib/auth/lockout";
import { finishAfterResponse, requestClient } from "@/lib/http/request-context";
import { fieldErrorsOf, formValues, type FormResult } from "@/lib/validation/form-result";
import { emailRequestSchema } from "@/lib/validation/sign-up";

export async function requestUnlockAction(_previous: FormResult | null, formData: FormData): Promise<FormResult> {
  const parsed = emailRequestSchema.safeParse(formValues(formData));
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const { outcome, delivery } = await requestUnlock(parsed.data.email, await requestClient());
  finishAfterResponse(delivery, "unlock");
  if (outcome === "sent") return { ok: true, notice: "notices.unlockSent" };
  return { ok: false, formError: outcome };
}
