import * as z from "zod/mini";
import { emailField, textField } from "./fields";

export const contactSchema = z.object({
  email: emailField,
  subject: textField(1000, 150, { singleLine: true }),
  message: textField(20_000, 5000),
});

export type ContactInput = z.input<typeof contactSchema>;
export type ContactData = z.output<typeof contactSchema>;
