"use server";

import { cookies } from "next/headers";
import { DEVICE_COOKIE, readDeviceCookie } from "@/lib/auth/known-device";
import { requestRecovery, requestTwoStepRecovery } from "@/lib/auth/lost-mailbox";
import { requestChallengeId } from "@/lib/auth/passkeys/challenges";
import { formAction } from "@/lib/next/form-action";
import { finishAfterResponse, requestClient } from "@/lib/next/request-context";
import type { FormResult } from "@/lib/validation/form-result";
import { lostAuthenticatorSchema, lostMailboxSchema } from "@/lib/validation/lost-mailbox";

/** The same answer whatever exists: lib/ looks at the account only after the response (finishAfterResponse). */
export const requestRecoveryAction = formAction({ input: lostMailboxSchema }, async ({ input }): Promise<FormResult> => {
  const deviceToken = readDeviceCookie((await cookies()).get(DEVICE_COOKIE)?.value);
  const { outcome, delivery } = await requestRecovery(
    {
      identifier: input.identifier,
      newEmail: input.newEmail,
      password: input.password || undefined,
      passkey: input.passkey ? { response: input.passkey, challengeId: await requestChallengeId() } : undefined,
    },
    await requestClient(),
    deviceToken,
  );
  finishAfterResponse(delivery, "lost-mailbox");
  return outcome === "sent" ? { ok: true, notice: "notices.recoveryRequested" } : { ok: false, formError: outcome };
});

/** "J'ai perdu mon application d'authentification": the same answer whether the account exists or has two-step on. */
export const requestTwoStepRecoveryAction = formAction({ input: lostAuthenticatorSchema }, async ({ input }): Promise<FormResult> => {
  const deviceToken = readDeviceCookie((await cookies()).get(DEVICE_COOKIE)?.value);
  const { outcome, delivery } = await requestTwoStepRecovery(
    { identifier: input.identifier, password: input.password || undefined },
    await requestClient(),
    deviceToken,
  );
  finishAfterResponse(delivery, "lost-authenticator");
  return outcome === "sent" ? { ok: true, notice: "notices.twoStepRecoveryRequested" } : { ok: false, formError: outcome };
});
