import * as z from "zod/mini";
import { emailField, printable } from "./fields";
import { says } from "./form-result";

const identifier = z
  .string()
  .check(z.minLength(1, says("form.required")), z.maxLength(254, says("form.tooLong")), z.refine(printable, says("form.required")));
const password = z.optional(z.string().check(z.maxLength(256, says("form.tooLong"))));

/**
 * /acces-perdu: the account (email or pseudo), the new address, the password
 * if the owner remembers it, and a passkey's assertion if they used one
 * (JSON, read by the server; an assertion is a few kilobytes at most).
 */
export const lostMailboxSchema = z.object({
  identifier,
  newEmail: emailField,
  password,
  passkey: z.optional(z.string().check(z.maxLength(16_384, says("form.tooLong")))),
});

export type LostMailboxInput = z.input<typeof lostMailboxSchema>;

/** /acces-perdu/application ("J'ai perdu mon application d'authentification"): the account, and the password if remembered. */
export const lostAuthenticatorSchema = z.object({ identifier, password });

export type LostAuthenticatorInput = z.input<typeof lostAuthenticatorSchema>;
