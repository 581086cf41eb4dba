"use server";

import { secureAccountByPasskeyNotMeToken } from "@/lib/auth/not-me";
import { requestClient } from "@/lib/next/request-context";
import { orWhenUnavailable } from "@/lib/request/unavailable";
import type { NotMeResult } from "@/lib/validation/not-me";

/** Removes the passkey the email announced and ends the intruder's access; the new password comes through the reset link just emailed. */
export async function secureAccountAction(_previous: NotMeResult | null, formData: FormData): Promise<NotMeResult> {
  return orWhenUnavailable<NotMeResult>(
    async () => {
      const undone = await secureAccountByPasskeyNotMeToken(formData.get("token"), await requestClient());
      return undone ? { ok: true, undone } : { ok: false, formError: "invalidLink" };
    },
    () => ({ ok: false, formError: "unavailable" }),
  );
}
