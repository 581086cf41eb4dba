import * as z from "zod/mini";
import { says } from "./form-result";

// Field rules shared by every form. Messages are catalogue keys. zod/mini
// (the same engine, functional API) because these schemas ship to the
// browser: the classic API would add ~40 kB gzipped to every form page.

/** Stored trimmed and lower-cased, so that uniqueness ignores case. */
export const emailField = z.pipe(
  z.string().check(z.maxLength(1000, says("form.tooLong"))),
  z.pipe(
    z.transform((value: string) => value.normalize("NFC").trim().toLowerCase()),
    z.string().check(z.minLength(1, says("form.required")), z.maxLength(254, says("form.tooLong")), z.email(says("form.invalidEmail"))),
  ),
);

export const pseudoField = z.pipe(
  z.string().check(z.maxLength(1000, says("form.tooLong"))),
  z.pipe(
    z.transform((value: string) => value.normalize("NFC").trim()),
    z.string().check(z.minLength(1, says("form.required")), z.regex(/^[A-Za-z0-9._-]{3,30}$/, says("form.invalidPseudo"))),
  ),
);

/** Control characters other than tab and newlines have no place in text a person typed (PostgreSQL refuses NUL outright). */
export const printable = (value: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value);

/**
 * Bidirectional controls reorder how text is shown ("U+202E" makes
 * "gpj.exe" read as "exe.jpg"): typed text has no use for them, and they
 * would make a support agent read something other than what was sent.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
export const withoutBidiControls = (value: string) => value.replace(BIDI_CONTROLS, "");

/** A line break in a one-line field is how a header ("Bcc: …") gets smuggled into whatever the text is pasted into. */
const oneLine = (value: string) => !/[\r\n\u2028\u2029\u0085]/.test(value);

/**
 * Typed text: at most `before` characters as sent, then normalised, stripped
 * of bidirectional controls and trimmed, required, at most `max`, printable;
 * `singleLine` refuses line breaks too.
 */
export function textField(before: number, max: number, options: { singleLine?: boolean } = {}) {
  const rules = [
    z.minLength(1, says("form.required")),
    z.maxLength(max, says("form.tooLong")),
    z.refine<string>(printable, says("form.invalidCharacters")),
  ];
  if (options.singleLine) rules.push(z.refine<string>(oneLine, says("form.singleLine")));
  return z.pipe(
    z.string().check(z.maxLength(before, says("form.tooLong"))),
    z.pipe(
      z.transform((value: string) => withoutBidiControls(value.normalize("NFC")).trim()),
      z.string().check(...rules),
    ),
  );
}

/** A password as typed: never trimmed (spaces are characters), bounded before any hashing. */
export const newPasswordField = z.string().check(z.minLength(1, says("form.required")), z.maxLength(4096, says("errors.passwordTooLong")));
export const confirmationField = z.string().check(z.maxLength(4096, says("errors.passwordTooLong")));
/** The current password, to prove it is still you. */
export const currentPasswordField = newPasswordField;
