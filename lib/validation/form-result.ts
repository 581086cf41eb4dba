import type * as z from "zod/mini";
import type { ErrorCode } from "@/lib/auth/errors";

// The one result shape of every form action. Messages travel as catalogue
// keys ("form.required", "errors.emailTaken") and are translated where shown.

export type MessageKey = `form.${string}` | `errors.${string}` | `notices.${string}` | `help.${string}` | `account.${string}`;

export type FormResult =
  { ok: true; notice?: MessageKey } | { ok: false; fieldErrors?: Record<string, MessageKey>; formError?: ErrorCode; minutes?: number };

const errorNamespace = new Set([
  "passwordTooShort",
  "passwordTooLong",
  "passwordTooCommon",
  "passwordLikeIdentity",
  "passwordMismatch",
  "emailTaken",
  "pseudoTaken",
]);

/** A schema message is a bare key; password and availability rules live under "errors". */
export function messageKey(message: string): MessageKey {
  return errorNamespace.has(message) ? `errors.${message}` : `form.${message}`;
}

/** The first message of each field of a failed parse. */
export function fieldErrorsOf(error: z.core.$ZodError): Record<string, MessageKey> {
  const result: Record<string, MessageKey> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "");
    if (field && !(field in result)) result[field] = messageKey(issue.message);
  }
  return result;
}

/** FormData to a plain object of strings (files and repeated keys are ignored). */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !(key in values) && !key.startsWith("$ACTION")) values[key] = value;
  }
  return values;
}
