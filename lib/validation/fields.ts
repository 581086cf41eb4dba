import { z } from "zod";

// Field rules shared by every form. Messages are catalogue keys.

/** Stored trimmed and lower-cased, so that uniqueness ignores case. */
export const emailField = z
  .string()
  .max(1000, "tooLong")
  .transform((value) => value.normalize("NFC").trim().toLowerCase())
  .pipe(z.string().min(1, "required").max(254, "tooLong").pipe(z.email("invalidEmail")));

export const pseudoField = z
  .string()
  .max(1000, "tooLong")
  .transform((value) => value.normalize("NFC").trim())
  .pipe(
    z
      .string()
      .min(1, "required")
      .regex(/^[A-Za-z0-9._-]{3,30}$/, "invalidPseudo"),
  );

/** Control characters other than tab and newlines have no place in text a person typed (PostgreSQL refuses NUL outright). */
export const printable = (value: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value);

/** A password as typed: never trimmed (spaces are characters), bounded before any hashing. */
export const newPasswordField = z.string().min(1, "required").max(4096, "passwordTooLong");
export const confirmationField = z.string().max(4096, "passwordTooLong");
