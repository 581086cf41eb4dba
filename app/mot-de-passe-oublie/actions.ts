"use server";

import { requestPasswordReset } from "@/lib/auth/recovery";
import { finishAfterResponse, requestClient } from "@/lib/http/request-context";
import { fieldErrorsOf, formValues, type FormResult } from "@/lib/validation/form-result";
import { emailRequestSchema } from "@/lib/validation/sign-up";

export async function requestResetAction(_previous: FormResult | null, formData: FormData): Promise<FormResult> {
  const parsed = emailRequestSchema.safeParse(formValues(formData));
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const { outcome, delivery } = await requestPasswordReset(parsed.data.email, await requestClient());
  finishAfterResponse(delivery, "recovery");
  if (outcome === "sent") return { ok: true, notice: "notices.resetRequested" };
  return { ok: false, formError: outcome };
}
