import { z } from "zod";
import { emailField, printable } from "./fields";

export const contactSchema = z.object({
  email: emailField,
  subject: z
    .string()
    .max(1000, "tooLong")
    .transform((value) => value.normalize("NFC").trim())
    .pipe(z.string().min(1, "required").max(150, "tooLong").refine(printable, "invalidCharacters")),
  message: z
    .string()
    .max(20_000, "tooLong")
    .transform((value) => value.normalize("NFC").trim())
    .pipe(z.string().min(1, "required").max(5000, "tooLong").refine(printable, "invalidCharacters")),
});

export type ContactInput = z.input<typeof contactSchema>;
export type ContactData = z.output<typeof contactSchema>;
