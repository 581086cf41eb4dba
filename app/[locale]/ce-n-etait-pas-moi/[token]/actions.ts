"use server";

import { redirect } from "next/navigation";
import { secureAccountByToken } from "@/lib/auth/new-device-alert";
import { formAction } from "@/lib/next/form-action";
import { requestClient } from "@/lib/next/request-context";
import type { FormResult } from "@/lib/validation/form-result";

/** Every session ends and the browser goes straight to choosing a new password (the email proved the mailbox). */
export const secureAccountAction = formAction(async (formData: FormData): Promise<FormResult> => {
  const reset = await secureAccountByToken(formData.get("token"), await requestClient());
  if (!reset) return { ok: false, formError: "invalidLink" };
  redirect(`/reinitialisation/${reset}`);
});
