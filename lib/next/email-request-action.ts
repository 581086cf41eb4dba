import "server-only";
import type { DeferredRequest } from "@/lib/auth/email-requests";
import { isErrorCode } from "@/lib/validation/errors";
import type { ClientInfo } from "@/lib/request/client-info";
import type { FormResult, MessageKey } from "@/lib/validation/form-result";
import { emailRequestSchema } from "@/lib/validation/sign-up";
import type { Locale } from "@/lib/i18n/config";
import { followEmail } from "./follow-email";
import { formAction } from "./form-action";
import { finishAfterResponse, requestClient, requestLocale } from "./request-context";

/**
 * The three "send me an email" actions (confirmation, unlock, reset): parse,
 * ask lib/, answer at once, let the email work run after the response.
 */
export function emailRequestAction<Outcome extends string>(
  request: (email: string, client: ClientInfo, locale: Locale) => Promise<DeferredRequest<Outcome>>,
  sentNotice: MessageKey,
  label: string,
) {
  return formAction({ input: emailRequestSchema }, async ({ input }): Promise<FormResult> => {
    const { outcome, delivery, emailId } = await request(input.email, await requestClient(), await requestLocale());
    finishAfterResponse(delivery, label);
    if (outcome === "sent" && emailId)
      return { ok: true, notice: sentNotice, email: await followEmail(emailId, input.email, { followed: "request" }) };
    // Every other outcome ("rateLimited", "alreadyConfirmed") is an error code of the catalogue.
    return { ok: false, formError: isErrorCode(outcome) ? outcome : "unexpected" };
  });
}
