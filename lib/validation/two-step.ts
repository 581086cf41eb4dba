import * as z from "zod/mini";
import { says } from "./form-result";

// The two-step forms (/compte's set-up and turning off, /connexion/code),
// shared by the browser and the server. A code is read as typed: spaces are
// ignored ("123 456" is what some apps show), everything else is refused.

const withoutSpaces = (value: string) => value.replace(/\s/g, "");

const APP_CODE = /^\d{6}$/;
const RECOVERY_CODE = /^[A-Z2-7]{4}-?[A-Z2-7]{4}-?[A-Z2-7]{4}-?[A-Z2-7]{4}$/;

/** A code field: bounded, read without its spaces (and in capitals, where letters may be typed), then matched. */
function codeField(matches: (code: string) => boolean, format: "form.twoStepCodeFormat" | "form.recoveryCodeFormat", capitals: boolean) {
  return z.pipe(
    z.string().check(z.maxLength(100, says("form.tooLong"))),
    z.pipe(
      z.transform((value: string) => (capitals ? withoutSpaces(value).toUpperCase() : withoutSpaces(value))),
      z.string().check(z.minLength(1, says("form.required")), z.refine(matches, says(format))),
    ),
  );
}

/** "Code à 6 chiffres" / "Code": six digits. */
export const appCodeField = codeField((code) => APP_CODE.test(code), "form.twoStepCodeFormat", false);

/** "Code de secours": XXXX-XXXX-XXXX-XXXX, case and dashes as typed. */
export const recoveryCodeField = codeField((code) => RECOVERY_CODE.test(code), "form.recoveryCodeFormat", true);

/** Either: the form to turn two-step off takes a code from the app or a recovery code. */
const anyCodeField = codeField((code) => APP_CODE.test(code) || RECOVERY_CODE.test(code), "form.twoStepCodeFormat", true);

const password = z.string().check(z.minLength(1, says("form.required")), z.maxLength(1024, says("form.tooLong")));

export const startTwoStepSchema = z.object({ currentPassword: password });
export const enableTwoStepSchema = z.object({ code: appCodeField });
export const disableTwoStepSchema = z.object({ currentPassword: password, code: anyCodeField });

const returnTo = z.optional(z.string());
const remember = z.optional(z.string());

/** /connexion/code: the app's code, and "Ne plus demander sur ce navigateur". */
export const appCodeSchema = z.object({ code: appCodeField, remember, returnTo });
/** /connexion/code, "Utiliser un code de secours". */
export const recoveryCodeSchema = z.object({ recoveryCode: recoveryCodeField, remember, returnTo });

/** What Auth.js's "two-step" provider accepts: one of the two codes. */
export const secondStepSchema = z.object({
  code: z.optional(appCodeField),
  recoveryCode: z.optional(recoveryCodeField),
  remember,
});
