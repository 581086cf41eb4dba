import * as z from "zod/mini";
import { currentPasswordField, emailField } from "./fields";

export const changeEmailSchema = z.object({
  newEmail: emailField,
  password: currentPasswordField,
});

export type ChangeEmailInput = z.input<typeof changeEmailSchema>;
