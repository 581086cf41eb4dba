"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { confirmAccountByToken } from "@/lib/auth/confirmation";
import { DEVICE_COOKIE, readDeviceCookie } from "@/lib/auth/known-device";
import { readSignUpBrowserCookie, signUpCookieName } from "@/lib/auth/sign-up-browser";
import { formAction } from "@/lib/next/form-action";
import { requestClient } from "@/lib/next/request-context";
import type { FormResult } from "@/lib/validation/form-result";

/**
 * The confirmation link's button: the only request that uses the link up. In
 * the browser that signed up it confirms; elsewhere it takes the account's
 * password (lib/auth/confirmation.ts). Works without JavaScript.
 */
export const confirmAccountAction = formAction(async (formData: FormData): Promise<FormResult> => {
  const jar = await cookies();
  const password = formData.get("password");
  const result = await confirmAccountByToken(formData.get("token"), await requestClient(), {
    signUpBrowser: readSignUpBrowserCookie(jar.get(signUpCookieName())?.value),
    password: typeof password === "string" && password.length <= 1000 ? password : undefined,
    deviceToken: readDeviceCookie(jar.get(DEVICE_COOKIE)?.value),
  });
  if (result === "confirmed") redirect("/connexion?notice=confirmed");
  if (result === "alreadyConfirmed") redirect("/connexion?error=alreadyConfirmed");
  if (result === "invalid") redirect("/confirmation?error=invalidLink");
  if (result.code === "wrongPassword") return { ok: false, fieldErrors: { password: "errors.invalidCredentials" } };
  if (result.code === "lastAttempt") return { ok: false, fieldErrors: { password: "errors.lastAttempt" } };
  return { ok: false, formError: result.code };
});
