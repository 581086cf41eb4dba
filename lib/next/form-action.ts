import "server-only";
import type { FormResult } from "@/lib/validation/form-result";
import { orWhenUnavailable } from "@/lib/request/unavailable";

/**
 * Every form's server action: (previous state, form data) as useActionState
 * calls it, with a database outage answered by the form's translated
 * "service unavailable" error rather than an error page.
 */
export function formAction(action: (formData: FormData) => Promise<FormResult>) {
  return async (_previous: FormResult | null, formData: FormData): Promise<FormResult> =>
    orWhenUnavailable(
      () => action(formData),
      () => ({ ok: false, formError: "unavailable" }),
    );
}
