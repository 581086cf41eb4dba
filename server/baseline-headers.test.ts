import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { keepStrictHeaders } from "./baseline-headers.mjs";

const response = () => {
  const answer = new ServerResponse(new IncomingMessage(new Socket()));
  keepStrictHeaders(answer);
  return answer;
};

describe("strict headers", () => {
  it("stay once set: a redirect's page copied onto an action's answer cannot bring a referrer or caching back", () => {
    const answer = response();
    answer.setHeader("Referrer-Policy", "no-referrer");
    answer.setHeader("Cache-Control", "no-store, max-age=0");
    // What Next copies from /connexion when a token link's action redirects there.
    answer.setHeader("referrer-policy", "strict-origin-when-cross-origin");
    answer.setHeader("cache-control", "private, no-cache");
    expect(answer.getHeader("Referrer-Policy")).toBe("no-referrer");
    expect(answer.getHeader("Cache-Control")).toBe("no-store, max-age=0");
    // As strict or stricter still goes through.
    answer.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
    expect(answer.getHeader("Cache-Control")).toBe("no-cache, no-store, max-age=0, must-revalidate");
  });

  it("leave every other response's headers to whoever sets them", () => {
    const answer = response();
    answer.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    answer.setHeader("Referrer-Policy", "no-referrer");
    answer.setHeader("Cache-Control", "private, no-cache");
    answer.setHeader("Cache-Control", "public, max-age=60");
    expect(answer.getHeader("Referrer-Policy")).toBe("no-referrer");
    expect(answer.getHeader("Cache-Control")).toBe("public, max-age=60");
  });
});
