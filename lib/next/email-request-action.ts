import "server-only";
import type { DeferredRequest } from "@/lib/auth/email-requests";
import { isErrorCode } from "@/lib/validation/errors";
import type { ClientInfo } from "@/lib/request/client-info";
import { fieldErrorsOf, formValues, type FormResult, type MessageKey } from "@/lib/validation/form-result";
import { emailRequestSchema } from "@/lib/validation/sign-up";
import type { Locale } from "@/lib/i18n/config";
import { followEmail } from "./follow-email";
import { finishAfterResponse, requestClient, requestLocale } from "./request-context";

/**
 * The body of the three "send me an email" actions (confirmation, unlock,
 * reset): parse, ask lib/, answer at once, let the email work run after the
 * response.
 */
export async function handleEmailRequest<Outcome extends string>(
  formData: FormData,
  request: (email: string, client: ClientInfo, locale: Locale) => Promise<DeferredRequest<Outcome>>,
  sentNotice: MessageKey,
  label: string,
): Promise<FormResult> {
  const parsed = emailRequestSchema.safeParse(formValues(formData));
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const { outcome, delivery, emailId } = await request(parsed.data.email, await requestClient(), await requestLocale());
  finishAfterResponse(delivery, label);
  if (outcome === "sent" && emailId)
    return { ok: true, notice: sentNotice, email: await followEmail(emailId, parsed.data.email, { followed: "request" }) };
  // Every other outcome ("rateLimited", "alreadyConfirmed") is an error code of the catalogue.
  return { ok: false, formError: isErrorCode(outcome) ? outcome : "unexpected" };
}
