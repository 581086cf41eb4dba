import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("return paths after sign-in", () => {
  it.each([
    ["/compte", "/compte"],
    ["/compte?tab=securite#x", "/compte?tab=securite#x"],
    ["/aide#compte-verrouille", "/aide#compte-verrouille"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  it.each([
    "//evil.example/compte",
    "/\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\t/evil.example",
    "/\n/evil.example",
    "/.//evil.example",
    "/..//evil.example",
    "/%2e%2e//evil.example",
    "/%2E//evil.example",
    "/a/..//evil.example",
    "/a/b/../..//evil.example",
    "compte",
    "",
    "/" + "a".repeat(3000),
  ])("refuses %j, which could leave the site", (input) => {
    expect(safeReturnPath(input)).toBeUndefined();
  });
});
