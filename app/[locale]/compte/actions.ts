"use server";

import { clearAppCookie, setAppCookie } from "@/lib/request/cookies";
import { callAction, formAction, postAction, signedOut } from "@/lib/next/form-action";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import * as z from "zod/mini";
import { signOut } from "@/lib/next/auth";
import { currentSessionId } from "@/lib/next/current-user";
import { DEVICE_COOKIE, forgetDevice, readDeviceCookie } from "@/lib/auth/known-device";
import { changePassword } from "@/lib/auth/password-change";
import { signOutEverywhere } from "@/lib/auth/session";
import { revokeApplication } from "@/lib/auth/oidc/applications";
import { requestClient } from "@/lib/next/request-context";
import { requestEmailChange } from "@/lib/auth/email-change";
import { changeEmailSchema } from "@/lib/validation/change-email";
import { recoveryAddressSchema } from "@/lib/validation/recovery-address";
import { removeRecoveryAddress, setRecoveryAddress } from "@/lib/auth/recovery-address";
import { cancelRecoveryFromAccount } from "@/lib/auth/lost-mailbox";
import { deleteAccountSchema } from "@/lib/validation/delete-account";
import { requestAccountDeletion, requestAccountDeletionWithPasskey, startDeletionWithPasskey } from "@/lib/privacy/deletion";
import { changePasswordSchema } from "@/lib/validation/change-password";
import type { FormResult, MessageKey } from "@/lib/validation/form-result";
import { addPasskeySchema, passkeyIdSchema, renamePasskeySchema } from "@/lib/validation/passkey";
import type { ErrorCode } from "@/lib/validation/errors";
import { CHALLENGE_COOKIE, readChallengeCookie, type ChallengeCookie } from "@/lib/auth/passkeys/challenges";
import { deletePasskey, renamePasskey } from "@/lib/auth/passkeys/management";
import { finishPasskeyRegistration, startPasskeyRegistration } from "@/lib/auth/passkeys/registration";
import { noticePath, refusalPath } from "@/lib/validation/notices";
import { disableTwoStep, enableTwoStep, regenerateRecoveryCodes, startTwoStepSetup } from "@/lib/auth/two-step";
import { disableTwoStepSchema, enableTwoStepSchema, startTwoStepSchema } from "@/lib/validation/two-step";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";

// A form is a public endpoint: each action declares the signed-in user it needs, and form-action checks it.

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: noticePath("/connexion", "signedOut") });
}

const forgetDeviceSchema = z.object({ deviceId: z.uuid() });

/** The device must belong to whoever is signed in. */
export const forgetDeviceAction = postAction({ input: forgetDeviceSchema, user: "required" }, async ({ input, user }) => {
  const result = await forgetDevice(user.id, input.deviceId, await requestClient());
  if (result === "rateLimited") redirect(refusalPath("/compte", "rateLimited"));
  revalidatePath("/compte");
});

const revokeApplicationSchema = z.object({ clientId: z.string().check(z.minLength(1), z.maxLength(64)) });

/** "Retirer l'accès": only the signed-in account's own consent can be taken back. */
export const revokeApplicationAction = postAction({ input: revokeApplicationSchema, user: "required" }, async ({ input, user }) => {
  await revokeApplication(user.id, input.clientId, await requestClient());
  revalidatePath("/compte");
});

// The pseudo and email rule is checked by lib/ against the account itself.
export const changePasswordAction = formAction(
  { input: changePasswordSchema({}), user: "required" },
  async ({ input, user }): Promise<FormResult> => {
    const sessionId = await currentSessionId();
    if (!sessionId) return signedOut;
    const deviceToken = readDeviceCookie((await cookies()).get(DEVICE_COOKIE)?.value);
    const result = await changePassword(
      { userId: user.id, sessionId, currentPassword: input.currentPassword, newPassword: input.password },
      await requestClient(),
      deviceToken,
    );
    if (result.ok) {
      revalidatePath("/compte");
      return { ok: true, notice: "account.passwordDone" };
    }
    if (result.field) return { ok: false, fieldErrors: { [result.field]: `errors.${result.code}` } };
    return { ok: false, formError: result.code };
  },
);

/** "Supprimer mon compte": closes the account (lib/privacy/deletion.ts), then this browser is signed out like every other. */
export const deleteAccountAction = formAction(
  { input: deleteAccountSchema, user: "required" },
  async ({ input, user }): Promise<FormResult> => {
    const deviceToken = readDeviceCookie((await cookies()).get(DEVICE_COOKIE)?.value);
    const result = await requestAccountDeletion({ userId: user.id, password: input.password }, await requestClient(), deviceToken);
    if (!result.ok) {
      if (result.field) return { ok: false, fieldErrors: { [result.field]: `errors.${result.code}` } };
      return { ok: false, formError: result.code };
    }
    await clearAppCookie(DEVICE_COOKIE);
    await signOut({ redirectTo: noticePath("/connexion", "accountClosed") });
    return { ok: true };
  },
);

/** "Supprimer avec une clé d'accès", first step: options offering this account's passkeys, and the challenge this browser holds. */
export const startDeletionPasskeyAction = callAction({ user: "required" }, async ({ user }): Promise<PasskeyDeletionOptions> => {
  const start = await startDeletionWithPasskey(user.id);
  if (!start.ok) return { ok: false, formError: start.code };
  await setChallengeCookie(start.cookie);
  return { ok: true, options: start.options };
});

export type PasskeyDeletionOptions = { ok: true; options: PublicKeyCredentialRequestOptionsJSON } | { ok: false; formError?: ErrorCode };

/** Second step: the authenticator's answer closes the account (lib/ checks its shape and that the passkey is this account's). */
export const finishDeletionPasskeyAction = callAction({ user: "required" }, async ({ input, user }): Promise<FormResult> => {
  const cookieStore = await cookies();
  const challengeId = readChallengeCookie(cookieStore.get(CHALLENGE_COOKIE)?.value);
  await clearAppCookie(CHALLENGE_COOKIE);
  const result = await requestAccountDeletionWithPasskey(user.id, input, challengeId, await requestClient());
  if (!result.ok) return { ok: false, formError: result.code };
  await clearAppCookie(DEVICE_COOKIE);
  await signOut({ redirectTo: noticePath("/connexion", "accountClosed") });
  return { ok: true };
});

export const changeEmailAction = formAction(
  { input: changeEmailSchema, user: "required" },
  async ({ input, user }): Promise<FormResult> => {
    const deviceToken = readDeviceCookie((await cookies()).get(DEVICE_COOKIE)?.value);
    const result = await requestEmailChange({ userId: user.id, ...input }, await requestClient(), deviceToken);
    if (result.ok) return { ok: true, notice: "account.emailRequested" };
    if (result.field) return { ok: false, fieldErrors: { [result.field]: `errors.${result.code}` } };
    return { ok: false, formError: result.code };
  },
);

/** "Adresse de secours": saved, then confirmed by the link sent to it (lib/auth/recovery-address.ts). */
export const setRecoveryAddressAction = formAction(
  { input: recoveryAddressSchema, user: "required" },
  async ({ input, user }): Promise<FormResult> => {
    const deviceToken = readDeviceCookie((await cookies()).get(DEVICE_COOKIE)?.value);
    const result = await setRecoveryAddress({ userId: user.id, ...input }, await requestClient(), deviceToken);
    if (result.ok) {
      revalidatePath("/compte");
      return { ok: true, notice: result.sent ? "account.recoverySent" : "account.recoveryUnchanged" };
    }
    if (result.field) return { ok: false, fieldErrors: { [result.field]: `errors.${result.code}` } };
    return { ok: false, formError: result.code };
  },
);

/** "Supprimer": only the signed-in user's own recovery address can be named, so the form carries nothing. */
export const removeRecoveryAddressAction = postAction({ user: "required" }, async ({ user }) => {
  await removeRecoveryAddress(user.id, await requestClient());
  revalidatePath("/compte");
  redirect("/compte#recovery");
});

/** "Annuler cette demande" on /compte: the signed-in user's own open recovery request, so the form carries nothing. */
export const cancelRecoveryAction = postAction({ user: "required" }, async ({ user }) => {
  await cancelRecoveryFromAccount(user.id, await requestClient());
  revalidatePath("/compte");
  redirect("/compte");
});

/** Either every session ends (this one with them) or the page says that nothing happened. */
export const signOutEverywhereAction = postAction({ user: "optional" }, async ({ user }) => {
  if (user && (await signOutEverywhere(user.id, await requestClient())) === "rateLimited") redirect(refusalPath("/compte", "rateLimited"));
  await signOut({ redirectTo: noticePath("/connexion", "signedOut") });
});

const setChallengeCookie = (cookie: ChallengeCookie) => setAppCookie(cookie, "strict");

export type PasskeyRegistrationStart =
  | { ok: true; options: PublicKeyCredentialCreationOptionsJSON }
  | { ok: false; fieldErrors?: Record<string, MessageKey>; formError?: ErrorCode };

/** "Ajouter une clé d'accès", first step: the current password, then the options for this browser's authenticator. */
export const startPasskeyRegistrationAction = callAction(
  { input: addPasskeySchema, user: "required" },
  async ({ input, user }): Promise<PasskeyRegistrationStart> => {
    const deviceToken = readDeviceCookie((await cookies()).get(DEVICE_COOKIE)?.value);
    const result = await startPasskeyRegistration(user.id, input.currentPassword, await requestClient(), deviceToken);
    if (!result.ok) {
      return result.wrongPassword
        ? { ok: false, fieldErrors: { currentPassword: `errors.${result.code}` } }
        : { ok: false, formError: result.code };
    }
    await setChallengeCookie(result.cookie);
    return { ok: true, options: result.options };
  },
);

/** Second step: the authenticator's answer (lib/ checks its shape), against the challenge this browser holds. */
export const finishPasskeyRegistrationAction = callAction({ user: "required" }, async ({ input, user }): Promise<FormResult> => {
  const cookieStore = await cookies();
  const challengeId = readChallengeCookie(cookieStore.get(CHALLENGE_COOKIE)?.value);
  await clearAppCookie(CHALLENGE_COOKIE);
  const result = await finishPasskeyRegistration(user.id, input, challengeId, await requestClient());
  if (!result.ok) return { ok: false, formError: result.code };
  revalidatePath("/compte");
  return { ok: true, notice: "account.passkeyAdded" };
});

export const renamePasskeyAction = formAction(
  { input: renamePasskeySchema, user: "required" },
  async ({ input, user }): Promise<FormResult> => {
    const result = await renamePasskey(user.id, input.passkeyId, input.name);
    if (result === "rateLimited") return { ok: false, formError: "rateLimited" };
    if (result === "notFound") return { ok: false, formError: "unexpected" };
    revalidatePath("/compte");
    return { ok: true, notice: "account.passkeyRenamed" };
  },
);

/** "Supprimer": the passkey must belong to whoever is signed in. */
export const deletePasskeyAction = postAction({ input: passkeyIdSchema, user: "required" }, async ({ input, user }) => {
  const result = await deletePasskey(user.id, input.passkeyId, await requestClient());
  if (result === "rateLimited") redirect(refusalPath("/compte", "rateLimited"));
  revalidatePath("/compte");
  if (result === "done") redirect(`${noticePath("/compte", "passkeyDeleted")}#passkeys`);
});

const deviceTokenOfRequest = async () => readDeviceCookie((await cookies()).get(DEVICE_COOKIE)?.value);

/** "Activer la validation en deux étapes": the password, then the page shows the QR code and the key. */
export const startTwoStepAction = formAction(
  { input: startTwoStepSchema, user: "required" },
  async ({ input, user }): Promise<FormResult> => {
    const result = await startTwoStepSetup({
      userId: user.id,
      password: input.currentPassword,
      client: await requestClient(),
      deviceToken: await deviceTokenOfRequest(),
    });
    if (!result.ok)
      return result.field ? { ok: false, fieldErrors: { [result.field]: `errors.${result.code}` } } : { ok: false, formError: result.code };
    revalidatePath("/compte");
    return { ok: true };
  },
);

/** "Activer": the first code; the answer carries the recovery codes, shown once (the page is not re-rendered under them). */
export const enableTwoStepAction = formAction(
  { input: enableTwoStepSchema, user: "required" },
  async ({ input, user }): Promise<FormResult> => {
    const result = await enableTwoStep(user.id, input.code, await requestClient());
    if (!result.ok)
      return result.field ? { ok: false, fieldErrors: { [result.field]: `errors.${result.code}` } } : { ok: false, formError: result.code };
    return { ok: true, recoveryCodes: result.codes };
  },
);

/** "Générer de nouveaux codes". */
export const regenerateCodesAction = formAction({ user: "required" }, async ({ user }): Promise<FormResult> => {
  const result = await regenerateRecoveryCodes(user.id, await requestClient());
  if (!result.ok) return { ok: false, formError: result.code };
  return { ok: true, recoveryCodes: result.codes };
});

/** "Désactiver la validation en deux étapes": the password and a code. */
export const disableTwoStepAction = formAction(
  { input: disableTwoStepSchema, user: "required" },
  async ({ input, user }): Promise<FormResult> => {
    const result = await disableTwoStep({
      userId: user.id,
      password: input.currentPassword,
      code: input.code,
      client: await requestClient(),
      deviceToken: await deviceTokenOfRequest(),
    });
    if (!result.ok)
      return result.field ? { ok: false, fieldErrors: { [result.field]: `errors.${result.code}` } } : { ok: false, formError: result.code };
    revalidatePath("/compte");
    return { ok: true, notice: "account.twoStepDisabled" };
  },
);
