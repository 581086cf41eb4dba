import { encode } from "next-auth/jwt";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { authSecret } from "@/lib/auth-secret";

const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
vi.mock("./auth", () => ({ auth: async () => null }));

const { currentSessionId } = await import("./current-user");

const PLAIN = "authjs.session-token";
const SECURE = "__Secure-authjs.session-token";
const tokenFor = (cookieName: string, sid: string) => encode({ token: { sub: "user", sid }, secret: authSecret(), salt: cookieName });

describe("currentSessionId", () => {
  beforeEach(() => {
    request.headers = new Headers();
  });

  it("reads the plain cookie over http, whatever other cookies are named or hold", async () => {
    request.headers = new Headers({
      "x-forwarded-proto": "http",
      cookie: `note=${SECURE}; ${PLAIN}=${await tokenFor(PLAIN, "plain-sid")}`,
    });
    expect(await currentSessionId()).toBe("plain-sid");
  });

  it("reads the __Secure- cookie over https, as Auth.js does", async () => {
    request.headers = new Headers({
      "x-forwarded-proto": "https",
      cookie: `${PLAIN}=${await tokenFor(PLAIN, "plain-sid")}; ${SECURE}=${await tokenFor(SECURE, "secure-sid")}`,
    });
    expect(await currentSessionId()).toBe("secure-sid");
  });

  it("ignores a __Secure- cookie sent over http (Auth.js reads the plain one there)", async () => {
    request.headers = new Headers({ "x-forwarded-proto": "http", cookie: `${SECURE}=${await tokenFor(SECURE, "secure-sid")}` });
    expect(await currentSessionId()).toBeUndefined();
  });
});
