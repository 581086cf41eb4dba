"use server";

import { setAppCookie } from "@/lib/request/cookies";
import { formAction } from "@/lib/next/form-action";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import * as z from "zod/mini";
import { signOut } from "@/lib/next/auth";
import { currentSessionId, currentUser } from "@/lib/next/current-user";
import { DEVICE_COOKIE, forgetDevice, readDeviceCookie } from "@/lib/auth/known-device";
import { changePassword } from "@/lib/auth/password-change";
import { signOutEverywhere } from "@/lib/auth/session";
import { requestClient } from "@/lib/next/request-context";
import { requestEmailChange } from "@/lib/auth/email-change";
import { changeEmailSchema } from "@/lib/validation/change-email";
import { changePasswordSchema } from "@/lib/validation/change-password";
import { fieldErrorsOf, formValues, type FormResult, type MessageKey } from "@/lib/validation/form-result";
import { addPasskeySchema, passkeyIdSchema, renamePasskeySchema } from "@/lib/validation/passkey";
import type { ErrorCode } from "@/lib/validation/errors";
import { CHALLENGE_COOKIE, readChallengeCookie, type ChallengeCookie } from "@/lib/auth/passkeys/challenges";
import { deletePasskey, renamePasskey } from "@/lib/auth/passkeys/management";
import { finishPasskeyRegistration, startPasskeyRegistration } from "@/lib/auth/passkeys/registration";
import { orWhenUnavailable } from "@/lib/request/unavailable";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";

// Every action re-checks the session: a form is a public endpoint.

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/connexion?notice=signedOut" });
}

const forgetDeviceSchema = z.object({ deviceId: z.uuid() });

/** The device must belong to whoever is signed in. */
export async function forgetDeviceAction(formData: FormData): Promise<void> {
  const user = await currentUser();
  const parsed = forgetDeviceSchema.safeParse({ deviceId: formData.get("deviceId") });
  if (!user || !parsed.success) return;
  const result = await forgetDevice(user.id, parsed.data.deviceId, await requestClient());
  if (result === "rateLimited") redirect("/compte?code=rateLimited");
  revalidatePath("/compte");
}

export const changePasswordAction = formAction(async (formData: FormData): Promise<FormResult> => {
  const [user, sessionId] = await Promise.all([currentUser(), currentSessionId()]);
  if (!user || !sessionId) return { ok: false, formError: "unexpected" };
  // The pseudo and email rule is checked by lib/ against the account itself.
  const parsed = changePasswordSchema({}).safeParse(formValues(formData));
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const deviceToken = readDeviceCookie((await cookies()).get(DEVICE_COOKIE)?.value);
  const result = await changePassword(
    { userId: user.id, sessionId, currentPassword: parsed.data.currentPassword, newPassword: parsed.data.password },
    await requestClient(),
    deviceToken,
  );
  if (result.ok) {
    revalidatePath("/compte");
    return { ok: true, notice: "account.passwordDone" };
  }
  if (result.field) return { ok: false, fieldErrors: { [result.field]: `errors.${result.code}` } };
  return { ok: false, formError: result.code };
});

export const changeEmailAction = formAction(async (formData: FormData): Promise<FormResult> => {
  const user = await currentUser();
  if (!user) return { ok: false, formError: "unexpected" };
  const parsed = changeEmailSchema.safeParse(formValues(formData));
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const deviceToken = readDeviceCookie((await cookies()).get(DEVICE_COOKIE)?.value);
  const result = await requestEmailChange({ userId: user.id, ...parsed.data }, await requestClient(), deviceToken);
  if (result.ok) return { ok: true, notice: "account.emailRequested" };
  if (result.field) return { ok: false, fieldErrors: { [result.field]: `errors.${result.code}` } };
  return { ok: false, formError: result.code };
});

/** Either every session ends (this one with them) or the page says that nothing happened. */
export async function signOutEverywhereAction(): Promise<void> {
  const user = await currentUser();
  if (user && (await signOutEverywhere(user.id, await requestClient())) === "rateLimited") redirect("/compte?code=rateLimited");
  await signOut({ redirectTo: "/connexion?notice=signedOut" });
}

const setChallengeCookie = (cookie: ChallengeCookie) => setAppCookie(cookie, "strict");

export type PasskeyRegistrationStart =
  | { ok: true; options: PublicKeyCredentialCreationOptionsJSON }
  | { ok: false; fieldErrors?: Record<string, MessageKey>; formError?: ErrorCode };

/** "Ajouter une clé d'accès", first step: the current password, then the options for this browser's authenticator. */
export async function startPasskeyRegistrationAction(values: unknown): Promise<PasskeyRegistrationStart> {
  return orWhenUnavailable(
    async (): Promise<PasskeyRegistrationStart> => {
      const user = await currentUser();
      if (!user) return { ok: false, formError: "unexpected" };
      const parsed = addPasskeySchema.safeParse(values);
      if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
      const deviceToken = readDeviceCookie((await cookies()).get(DEVICE_COOKIE)?.value);
      const result = await startPasskeyRegistration(user.id, parsed.data.currentPassword, await requestClient(), deviceToken);
      if (!result.ok) {
        return result.wrongPassword
          ? { ok: false, fieldErrors: { currentPassword: `errors.${result.code}` } }
          : { ok: false, formError: result.code };
      }
      await setChallengeCookie(result.cookie);
      return { ok: true, options: result.options };
    },
    () => ({ ok: false, formError: "unavailable" }),
  );
}

/** Second step: the authenticator's answer, checked against the challenge this browser holds. */
export async function finishPasskeyRegistrationAction(response: unknown): Promise<FormResult> {
  return orWhenUnavailable(
    async (): Promise<FormResult> => {
      const user = await currentUser();
      if (!user) return { ok: false, formError: "unexpected" };
      const cookieStore = await cookies();
      const challengeId = readChallengeCookie(cookieStore.get(CHALLENGE_COOKIE)?.value);
      cookieStore.delete(CHALLENGE_COOKIE);
      const result = await finishPasskeyRegistration(user.id, response, challengeId, await requestClient());
      if (!result.ok) return { ok: false, formError: result.code };
      revalidatePath("/compte");
      return { ok: true, notice: "account.passkeyAdded" };
    },
    () => ({ ok: false, formError: "unavailable" }),
  );
}

export const renamePasskeyAction = formAction(async (formData: FormData): Promise<FormResult> => {
  const user = await currentUser();
  if (!user) return { ok: false, formError: "unexpected" };
  const parsed = renamePasskeySchema.safeParse(formValues(formData));
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const result = await renamePasskey(user.id, parsed.data.passkeyId, parsed.data.name);
  if (result === "rateLimited") return { ok: false, formError: "rateLimited" };
  if (result === "notFound") return { ok: false, formError: "unexpected" };
  revalidatePath("/compte");
  return { ok: true, notice: "account.passkeyRenamed" };
});

/** "Supprimer": the passkey must belong to whoever is signed in. */
export async function deletePasskeyAction(formData: FormData): Promise<void> {
  const user = await currentUser();
  const parsed = passkeyIdSchema.safeParse({ passkeyId: formData.get("passkeyId") });
  if (!user || !parsed.success) return;
  const result = await deletePasskey(user.id, parsed.data.passkeyId, await requestClient());
  if (result === "rateLimited") redirect("/compte?code=rateLimited");
  revalidatePath("/compte");
  if (result === "done") redirect("/compte?notice=passkeyDeleted#passkeys");
}
