import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { keepStrictHeaders } from "./baseline-headers.mjs";

/** The Referrer-Policy and Cache-Control a response ends with after these setHeader calls, in order. */
function settled(calls: [name: string, value: string][]) {
  const answer = new ServerResponse(new IncomingMessage(new Socket()));
  keepStrictHeaders(answer);
  for (const [name, value] of calls) answer.setHeader(name, value);
  return { referrer: answer.getHeader("Referrer-Policy"), cache: answer.getHeader("Cache-Control") };
}

describe("strict headers", () => {
  it("stay once set: a redirect's page copied onto an action's answer cannot bring a referrer or caching back", () => {
    const tokenPage: [string, string][] = [
      ["Referrer-Policy", "no-referrer"],
      ["Cache-Control", "no-store, max-age=0"],
    ];
    // What Next copies from /connexion when a token link's action redirects there.
    const copied: [string, string][] = [
      ["referrer-policy", "strict-origin-when-cross-origin"],
      ["cache-control", "private, no-cache"],
    ];
    expect(settled([...tokenPage, ...copied])).toEqual({ referrer: "no-referrer", cache: "no-store, max-age=0" });
    // As strict or stricter still goes through.
    expect(settled([...tokenPage, ["Cache-Control", "no-cache, no-store, must-revalidate"]]).cache).toBe(
      "no-cache, no-store, must-revalidate",
    );
  });

  it("leave every other response's headers to whoever sets them", () => {
    const calls: [string, string][] = [
      ["Referrer-Policy", "strict-origin-when-cross-origin"],
      ["Referrer-Policy", "no-referrer"],
      ["Cache-Control", "private, no-cache"],
      ["Cache-Control", "public, max-age=60"],
    ];
    expect(settled(calls)).toEqual({ referrer: "no-referrer", cache: "public, max-age=60" });
  });
});
