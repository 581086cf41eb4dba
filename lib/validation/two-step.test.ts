import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { appCodeField, disableTwoStepSchema, recoveryCodeField } from "./two-step";

const read = (field: z.ZodMiniType, value: string) => {
  const parsed = z.safeParse(field, value);
  return parsed.success ? parsed.data : parsed.error.issues[0]!.message;
};

describe("the two-step code fields", () => {
  it("read an app code without its spaces, and refuse anything but six digits", () => {
    expect(read(appCodeField, " 123 456 ")).toBe("123456");
    expect(read(appCodeField, "12345")).toBe("form.twoStepCodeFormat");
    expect(read(appCodeField, "12345a")).toBe("form.twoStepCodeFormat");
    expect(read(appCodeField, "   ")).toBe("form.required");
    expect(read(appCodeField, "1".repeat(101))).toBe("form.tooLong");
  });

  it("read a recovery code in capitals, dashes optional, and refuse another alphabet", () => {
    expect(read(recoveryCodeField, "abcd-efgh-ijkl-mnop")).toBe("ABCD-EFGH-IJKL-MNOP");
    expect(read(recoveryCodeField, "ABCDEFGHIJKLMNOP")).toBe("ABCDEFGHIJKLMNOP");
    expect(read(recoveryCodeField, "ABCD-EFGH-IJKL-MN01")).toBe("form.recoveryCodeFormat");
    expect(read(recoveryCodeField, "123456")).toBe("form.recoveryCodeFormat");
  });

  it("turning two-step off takes either kind of code", () => {
    const off = (code: string) => z.safeParse(disableTwoStepSchema, { currentPassword: "x", code }).success;
    expect([off("123 456"), off("abcd-efgh-ijkl-mnop"), off("12345"), off("ABCD")]).toEqual([true, true, false, false]);
  });
});
