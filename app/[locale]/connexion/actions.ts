"use server";

import { formAction } from "@/lib/next/form-action";
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/next/auth";
import { isErrorCode, type ErrorCode } from "@/lib/validation/errors";
import { lockoutSettings } from "@/lib/auth/lockout";
import { safeReturnPath } from "@/lib/validation/return-path";
import type { FormResult } from "@/lib/validation/form-result";
import { signInSchema } from "@/lib/validation/sign-in";
import * as z from "zod/mini";
import { redirect } from "next/navigation";
import { appCodeSchema, recoveryCodeSchema } from "@/lib/validation/two-step";
import { refusalPath } from "@/lib/validation/notices";
import { postedWithoutJavaScript } from "@/lib/next/request-context";

/** Where a closed account's right password or passkey leads: its one button keeps the account. */
const CLOSED_ACCOUNT_PAGE = "/suppression-prevue";

// The form's fields, and the page to return to (checked by safeReturnPath).
const signInForm = z.extend(signInSchema, { returnTo: z.optional(z.string()) });

export const signInAction = formAction({ input: signInForm }, async ({ input }) => {
  // A two-step account's right password: the code comes next, on its own page (Auth.js left the handle's cookie).
  const result = await signInThrough(
    "credentials",
    { identifier: input.identifier, password: input.password },
    input.returnTo,
    "invalidCredentials",
    { twoStepRequired: secondStepPage(input.returnTo) },
  );
  // Without JavaScript a refusal is a page of its own, as Auth.js's callback
  // answers it: reloading it does not post the password again, and the
  // common refusals are served as built (lib/i18n/page-route.ts).
  if (!result.ok && result.formError && (await postedWithoutJavaScript()))
    redirect(carryingReturnPath(refusalPath("/connexion", result.formError), input.returnTo));
  return result;
});

/** /connexion/code, carrying the page to return to once the code is right. */
const secondStepPage = (returnTo: unknown): string => carryingReturnPath("/connexion/code", returnTo);

/** `path` with the page to return to in its query, when that page is one of ours (safeReturnPath). */
function carryingReturnPath(path: string, returnTo: unknown): string {
  const back = safeReturnPath(returnTo);
  return back ? `${path}${path.includes("?") ? "&" : "?"}returnTo=${encodeURIComponent(back)}` : path;
}

/**
 * A sign-in through one of Auth.js's providers (lib/next/auth.ts): on
 * success Auth.js throws Next's redirect, which must propagate. A refusal is
 * the form's answer, unless it leads elsewhere: a closed account's proof to
 * its page, and whatever `leadsTo` names.
 */
async function signInThrough(
  provider: "credentials" | "two-step" | "passkey",
  fields: Record<string, string>,
  returnTo: unknown,
  fallback: ErrorCode,
  leadsTo: Partial<Record<ErrorCode, string>> = {},
): Promise<FormResult> {
  try {
    await signIn(provider, { ...fields, redirectTo: safeReturnPath(returnTo) ?? "/compte" });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      const code = isErrorCode(error.code) ? error.code : fallback;
      const elsewhere = code === "accountClosing" ? CLOSED_ACCOUNT_PAGE : leadsTo[code];
      if (elsewhere) redirect(elsewhere);
      // How long the lock lasts is said with the refusal: the page itself is rendered ahead of time.
      return code === "locked"
        ? { ok: false, formError: code, minutes: lockoutSettings().unlockAfterMinutes }
        : { ok: false, formError: code };
    }
    if (error instanceof AuthError) return { ok: false, formError: "unavailable" };
    throw error;
  }
  return { ok: true };
}

/**
 * The second step, through Auth.js's "two-step" provider: a handle that is
 * missing or expired leads back to /connexion, which says so.
 */
const secondStep = (credentials: Record<string, string>, returnTo: unknown) =>
  signInThrough("two-step", credentials, returnTo, "invalidTwoStepCode", { twoStepExpired: refusalPath("/connexion", "twoStepExpired") });

// Only what was sent goes to Auth.js: it posts every value as text, so an absent field must stay absent.
const remembered = (remember: string | undefined): Record<string, string> => (remember === "on" ? { remember: "on" } : {});

/** "Code" and "Valider" on /connexion/code. */
export const appCodeAction = formAction({ input: appCodeSchema }, async ({ input }) =>
  secondStep({ code: input.code, ...remembered(input.remember) }, input.returnTo),
);

/** "Code de secours" and "Valider" on /connexion/code. */
export const recoveryCodeAction = formAction({ input: recoveryCodeSchema }, async ({ input }) =>
  secondStep({ recoveryCode: input.recoveryCode, ...remembered(input.remember) }, input.returnTo),
);

/** The authenticator's answer, through Auth.js's passkey provider: on success, a redirect like a password sign-in's. */
export async function passkeySignInAction(response: unknown, returnTo: unknown): Promise<FormResult> {
  if (typeof response !== "string") return { ok: false, formError: "passkeyRefused" };
  return signInThrough("passkey", { response }, returnTo, "passkeyRefused");
}
