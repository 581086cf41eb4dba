import { describe, expect, it } from "vitest";
import { errorCodes } from "./errors";
import { noticeKeys, noticePath, readPageQuery, refusalPath } from "./notices";

const signInPage = { notices: noticeKeys.filter((key) => key !== "passkeyDeleted"), codes: errorCodes };
const accountPage = { notices: ["passkeyDeleted" as const], codes: ["rateLimited" as const] };

describe("what a URL may ask a page to say", () => {
  it("reads back what the redirects write", () => {
    expect(readPageQuery({ notice: "confirmed" }, signInPage)).toEqual({ notice: "confirmed", code: undefined });
    expect(noticePath("/compte", "passkeyDeleted")).toBe("/compte?notice=passkeyDeleted");
    expect(readPageQuery({ notice: "passkeyDeleted" }, accountPage).notice).toBe("passkeyDeleted");
    expect(refusalPath("/connexion", "invalidLink")).toBe("/connexion?code=invalidLink");
    expect(readPageQuery({ code: "invalidLink" }, signInPage).code).toBe("invalidLink");
  });

  it("shows a page only the notices and refusals it names", () => {
    // The account page's notice is no sign-in page notice, and the account page shows one refusal only.
    expect(readPageQuery({ notice: "passkeyDeleted" }, signInPage).notice).toBeUndefined();
    expect(readPageQuery({ notice: "confirmed", code: "locked" }, accountPage)).toEqual({ notice: undefined, code: undefined });
    expect(readPageQuery({ code: "rateLimited" }, accountPage).code).toBe("rateLimited");
  });

  it("ignores what is not in the vocabulary, and a repeated key past its first value", () => {
    expect(readPageQuery({ notice: "Votre compte est suspendu", code: "hacked" }, signInPage)).toEqual({
      notice: undefined,
      code: undefined,
    });
    expect(readPageQuery({ notice: "toString", code: "constructor" }, signInPage)).toEqual({ notice: undefined, code: undefined });
    expect(readPageQuery({ notice: ["confirmed", "unlocked"] }, signInPage).notice).toBe("confirmed");
  });

  it("still answers the ?error= of earlier links and Auth.js's own error page, and nothing else of it", () => {
    expect(readPageQuery({ error: "invalidLink" }, signInPage).code).toBe("invalidLink");
    expect(readPageQuery({ error: "alreadyConfirmed" }, signInPage).code).toBe("alreadyConfirmed");
    expect(readPageQuery({ error: "Configuration" }, signInPage).code).toBe("unavailable");
    expect(readPageQuery({ error: "locked" }, signInPage).code).toBeUndefined();
    expect(readPageQuery({ error: "hasOwnProperty" }, signInPage).code).toBeUndefined();
  });
});
