import { z } from "zod";
import { emailField } from "./fields";

export const changeEmailSchema = z.object({
  newEmail: emailField,
  password: z.string().min(1, "required").max(4096, "passwordTooLong"),
});

export type ChangeEmailInput = z.input<typeof changeEmailSchema>;
