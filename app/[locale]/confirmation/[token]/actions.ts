"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { invalidLinkPath } from "@/lib/flows";
import { noticePath, refusalPath } from "@/lib/validation/notices";
import { confirmAccountByToken, type ConfirmationResult } from "@/lib/auth/confirmation";
import { DEVICE_COOKIE, readDeviceCookie } from "@/lib/auth/known-device";
import { readSignUpBrowserCookie, signUpCookieName } from "@/lib/auth/sign-up-browser";
import { UNAVAILABLE_PATH } from "@/lib/next/email-links";
import { formAction } from "@/lib/next/form-action";
import { orWhenUnavailable } from "@/lib/request/unavailable";
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
  const client = await requestClient();
  const result = await orWhenUnavailable<ConfirmationResult | "unavailable">(
    () =>
      confirmAccountByToken(formData.get("token"), client, {
        signUpBrowser: readSignUpBrowserCookie(jar.get(signUpCookieName())?.value),
        password: typeof password === "string" && password.length <= 1000 ? password : undefined,
        deviceToken: readDeviceCookie(jar.get(DEVICE_COOKIE)?.value),
      }),
    () => "unavailable",
  );
  // Where every link leads while the database is down (303): the page itself, rendered again for a
  // form posted without JavaScript, could only redirect with a 307, which repeats the POST.
  if (result === "unavailable") redirect(UNAVAILABLE_PATH);
  if (result === "confirmed") redirect(noticePath("/connexion", "confirmed"));
  if (result === "alreadyConfirmed") redirect(refusalPath("/connexion", "alreadyConfirmed"));
  if (result === "invalid") redirect(invalidLinkPath("confirm"));
  if (result.code === "wrongPassword") return { ok: false, fieldErrors: { password: "errors.invalidCredentials" } };
  if (result.code === "lastAttempt") return { ok: false, fieldErrors: { password: "errors.lastAttempt" } };
  return { ok: false, formError: result.code };
});
