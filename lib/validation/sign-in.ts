import * as z from "zod/mini";
import { says } from "./form-result";
import { printable } from "./fields";

// Shared by the /connexion form (browser) and Auth.js's authorize (server).
// Messages are catalogue keys ("form.required"), translated where shown.

export const signInSchema = z.object({
  identifier: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, says("form.required")),
      z.maxLength(320, says("form.tooLong")),
      z.refine(printable, says("form.invalidCharacters")),
    ),
  password: z.string().check(z.minLength(1, says("form.required")), z.maxLength(1024, says("form.tooLong"))),
});

export type SignInInput = z.infer<typeof signInSchema>;
