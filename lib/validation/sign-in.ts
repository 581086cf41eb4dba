import * as z from "zod/mini";
import { printable } from "./fields";

// Shared by the /connexion form (browser) and Auth.js's authorize (server).
// Messages are catalogue keys ("form.required"), translated where shown.

export const signInSchema = z.object({
  identifier: z.string().check(z.trim(), z.minLength(1, "required"), z.maxLength(320, "tooLong"), z.refine(printable, "invalidCharacters")),
  password: z.string().check(z.minLength(1, "required"), z.maxLength(1024, "tooLong")),
});

export type SignInInput = z.infer<typeof signInSchema>;
