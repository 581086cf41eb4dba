import { z } from "zod";
import { printable } from "./fields";

// Shared by the /connexion form (browser) and Auth.js's authorize (server).
// Messages are catalogue keys ("form.required"), translated where shown.

export const signInSchema = z.object({
  identifier: z.string().trim().min(1, "required").max(320, "tooLong").refine(printable, "invalidCharacters"),
  password: z.string().min(1, "required").max(1024, "tooLong"),
});

export type SignInInput = z.infer<typeof signInSchema>;
