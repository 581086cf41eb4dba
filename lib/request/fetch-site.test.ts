import { describe, expect, it } from "vitest";
import { sentByAnotherSite } from "./fetch-site";

describe("where a request came from", () => {
  it("is another site for cross-site and same-site requests, this one for same-origin, typed and header-less ones", () => {
    const from = (site?: string) => sentByAnotherSite(new Headers(site === undefined ? {} : { "sec-fetch-site": site }));
    expect(from("cross-site")).toBe(true);
    expect(from("same-site")).toBe(true);
    expect(from("same-origin")).toBe(false);
    expect(from("none")).toBe(false);
    expect(from()).toBe(false);
  });
});
