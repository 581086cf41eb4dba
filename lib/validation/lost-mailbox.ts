import * as z from "zod/mini";
import { emailField, printable } from "./fields";
import { says } from "./form-result";

/** /acces-perdu: the account (email or pseudo), the new address, and the password if the owner remembers it. */
export const lostMailboxSchema = z.object({
  identifier: z
    .string()
    .check(z.minLength(1, says("form.required")), z.maxLength(254, says("form.tooLong")), z.refine(printable, says("form.required"))),
  newEmail: emailField,
  password: z.optional(z.string().check(z.maxLength(256, says("form.tooLong")))),
});

export type LostMailboxInput = z.input<typeof lostMailboxSchema>;
