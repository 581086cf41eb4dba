import type * as z from "zod/mini";
import type { ErrorCode } from "./errors";
import type { CatalogueKey } from "@/lib/i18n/messages";
import type { EmailStatusView } from "./email-status";

// The one result shape of every form action. Messages travel as catalogue
// keys ("form.required", "errors.emailTaken"), typed from the catalogue, and
// are translated where shown.

export type MessageKey = Extract<
  CatalogueKey,
  `form.${string}` | `errors.${string}` | `notices.${string}` | `help.${string}` | `account.${string}` | `emailStatus.${string}`
>;

export type FormResult =
  | { ok: true; notice?: MessageKey; email?: EmailStatusView; recoveryCodes?: string[] }
  | { ok: false; fieldErrors?: Record<string, MessageKey>; formError?: ErrorCode; minutes?: number };

/** A schema rule's message: the compiler checks that the catalogue has it. */
export const says = (key: MessageKey): MessageKey => key;

/**
 * The first message of each field of a failed parse. Every rule of our
 * schemas says a catalogue key (`says`); zod's own messages (a field missing
 * from a hand-made post) become "errors.unexpected".
 */
export function fieldErrorsOf(error: z.core.$ZodError): Record<string, MessageKey> {
  const result: Record<string, MessageKey> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "");
    if (field && !(field in result))
      result[field] = /^(form|errors)\./.test(issue.message) ? (issue.message as MessageKey) : "errors.unexpected";
  }
  return result;
}

/** FormData to a plain object of strings (files and repeated keys are ignored); anything else a forged call passes reads as empty. */
export function formValues(formData: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (!(formData instanceof FormData)) return values;
  for (const [key, value] of formData) {
    if (typeof value === "string" && !(key in values) && !key.startsWith("$ACTION")) values[key] = value;
  }
  return values;
}
