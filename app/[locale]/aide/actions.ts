"use server";

import { formAction } from "@/lib/next/form-action";
import { currentUser } from "@/lib/next/current-user";
import { requestClient, requestLocale } from "@/lib/next/request-context";
import { submitContactRequest } from "@/lib/support/contact";
import { contactSchema } from "@/lib/validation/contact";
import { fieldErrorsOf, formValues, type FormResult } from "@/lib/validation/form-result";

export const contactAction = formAction(async (formData: FormData): Promise<FormResult> => {
  const parsed = contactSchema.safeParse(formValues(formData));
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const user = await currentUser();
  const result = await submitContactRequest(parsed.data, {
    userId: user?.id ?? null,
    locale: await requestLocale(),
    client: await requestClient(),
  });
  if (result === "rateLimited") return { ok: false, formError: "rateLimited" };
  return { ok: true, notice: "help.contactSent" };
});
