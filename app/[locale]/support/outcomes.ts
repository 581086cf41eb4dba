import type * as z from "zod/mini";
import { supportActions, type SupportAction } from "@/lib/validation/support";

// What a redirect from an action may ask a /support page to say: closed
// lists, so that a crafted link cannot make the console say anything else.

const reasonErrors = {
  "form.required": "required",
  "form.tooLong": "tooLong",
  "form.invalidCharacters": "invalidCharacters",
  "form.singleLine": "singleLine",
} as const;
type ReasonError = (typeof reasonErrors)[keyof typeof reasonErrors];
const resultErrors = ["reauthenticate", "alreadyConfirmed", "notSuppressed", "notFound"] as const;
export type ResultError = (typeof resultErrors)[number];

/** The reason field's first problem, as a short code for the query. */
export function reasonErrorCode(error: z.core.$ZodError): ReasonError {
  const issue = error.issues.find((candidate) => candidate.path[0] === "reason");
  return reasonErrors[issue?.message as keyof typeof reasonErrors] ?? "required";
}

export type Outcome =
  | { action: SupportAction; done: true }
  | { action: SupportAction; reasonError: ReasonError }
  | { action: SupportAction; error: ResultError }
  | null;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function readOutcome(query: Record<string, string | string[] | undefined>): Outcome {
  const action = first(query.action);
  if (!(supportActions as readonly string[]).includes(action ?? "")) return null;
  const typed = action as SupportAction;
  if (first(query.done) === "1") return { action: typed, done: true };
  const error = first(query.code);
  const reasonError = Object.values(reasonErrors).find((code) => code === error);
  if (reasonError) return { action: typed, reasonError };
  const resultError = resultErrors.find((code) => code === error);
  return resultError ? { action: typed, error: resultError } : null;
}

/** /support/demandes: done, or the request vanished. */
export function readRequestsOutcome(query: Record<string, string | string[] | undefined>): "done" | "notFound" | null {
  if (first(query.done) === "1") return "done";
  return first(query.code) === "notFound" ? "notFound" : null;
}

/** What /support/recuperations may say after a decision: done, or why not. */
export function readRecoveriesOutcome(
  query: Record<string, string | string[] | undefined>,
): "done" | "notFound" | "reauthenticate" | ReasonError | null {
  if (first(query.done) === "1") return "done";
  const code = first(query.code);
  const reasonError = Object.values(reasonErrors).find((candidate) => candidate === code);
  if (reasonError) return reasonError;
  return code === "notFound" || code === "reauthenticate" ? code : null;
}
