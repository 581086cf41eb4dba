import "server-only";
import type { DeferredRequest } from "@/lib/auth/email-requests";
import { isErrorCode } from "@/lib/auth/errors";
import type { ClientInfo } from "@/lib/http/client-info";
import { fieldErrorsOf, formValues, type FormResult, type MessageKey } from "@/lib/validation/form-result";
import { emailRequestSchema } from "@/lib/validation/sign-up";
import { finishAfterResponse, requestClient } from "./request-context";

/**
 * The body of the three "send me an email" actions (confirmation, unlock,
 * reset): parse, ask lib/, answer at once, let the email work run after the
 * response.
 */
export async function handleEmailRequest<Outcome extends string>(
  formData: FormData,
  request: (email: string, client: ClientInfo) => Promise<DeferredRequest<Outcome>>,
  sentNotice: MessageKey,
  label: string,
): Promise<FormResult> {
  const parsed = emailRequestSchema.safeParse(formValues(formData));
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const { outcome, delivery } = await request(parsed.data.email, await requestClient());
  finishAfterResponse(delivery, label);
  if (outcome === "sent") return { ok: true, notice: sentNotice };
  // Every other outcome ("rateLimited", "alreadyConfirmed") is an error code of the catalogue.
  return { ok: false, formError: isErrorCode(outcome) ? outcome : "unexpected" };
}
