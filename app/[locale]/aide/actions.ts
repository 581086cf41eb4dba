"use server";

import { formAction } from "@/lib/next/form-action";
import { requestClient, requestLocale } from "@/lib/next/request-context";
import { submitContactRequest } from "@/lib/support/contact";
import { contactSchema } from "@/lib/validation/contact";
import type { FormResult } from "@/lib/validation/form-result";

export const contactAction = formAction({ input: contactSchema, user: "optional" }, async ({ input, user }): Promise<FormResult> => {
  const result = await submitContactRequest(input, {
    userId: user?.id ?? null,
    locale: await requestLocale(),
    client: await requestClient(),
  });
  if (result === "rateLimited") return { ok: false, formError: "rateLimited" };
  return { ok: true, notice: "help.contactSent" };
});
