"use server";

import { requestConfirmation } from "@/lib/auth/confirmation";
import { finishAfterResponse, requestClient } from "@/lib/http/request-context";
import { fieldErrorsOf, formValues, type FormResult } from "@/lib/validation/form-result";
import { emailRequestSchema } from "@/lib/validation/sign-up";

export async function requestConfirmationAction(_previous: FormResult | null, formData: FormData): Promise<FormResult> {
  const parsed = emailRequestSchema.safeParse(formValues(formData));
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const { outcome, delivery } = await requestConfirmation(parsed.data.email, await requestClient());
  finishAfterResponse(delivery, "confirmation");
  if (outcome === "sent") return { ok: true, notice: "notices.confirmationSent" };
  return { ok: false, formError: outcome };
}
