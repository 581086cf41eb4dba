import { describe, expect, it } from "vitest";
import { signInSchema } from "./sign-in";
import { signUpSchema } from "./sign-up";
import { fieldErrorsOf } from "./form-result";

describe("fieldErrorsOf", () => {
  it("gives each field the catalogue key of its first broken rule", () => {
    const parsed = signUpSchema().safeParse({ pseudo: "", email: "pas-un-email", password: "court", passwordConfirmation: "autre" });
    expect(parsed.success).toBe(false);
    expect(fieldErrorsOf(parsed.error!)).toEqual({
      pseudo: "form.required",
      email: "form.invalidEmail",
      password: "errors.passwordTooShort",
      passwordConfirmation: "errors.passwordMismatch",
    });
  });

  it("turns a message zod wrote itself (a field missing from a hand-made post) into the generic error, never raw text", () => {
    const parsed = signInSchema.safeParse({ identifier: "camille" });
    expect(parsed.success).toBe(false);
    expect(fieldErrorsOf(parsed.error!)).toEqual({ password: "errors.unexpected" });
  });
});
