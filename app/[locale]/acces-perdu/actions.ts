"use server";

import { cookies } from "next/headers";
import { DEVICE_COOKIE, readDeviceCookie } from "@/lib/auth/known-device";
import { requestRecovery } from "@/lib/auth/lost-mailbox";
import { formAction } from "@/lib/next/form-action";
import { finishAfterResponse, requestClient } from "@/lib/next/request-context";
import type { FormResult } from "@/lib/validation/form-result";
import { lostMailboxSchema } from "@/lib/validation/lost-mailbox";

/** The same answer whatever exists: lib/ looks at the account only after the response (finishAfterResponse). */
export const requestRecoveryAction = formAction({ input: lostMailboxSchema }, async ({ input }): Promise<FormResult> => {
  const deviceToken = readDeviceCookie((await cookies()).get(DEVICE_COOKIE)?.value);
  const { outcome, delivery } = await requestRecovery(
    { identifier: input.identifier, newEmail: input.newEmail, password: input.password || undefined },
    await requestClient(),
    deviceToken,
  );
  finishAfterResponse(delivery, "lost-mailbox");
  return outcome === "sent" ? { ok: true, notice: "notices.recoveryRequested" } : { ok: false, formError: outcome };
});
