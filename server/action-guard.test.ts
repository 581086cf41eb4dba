import { describe, expect, it } from "vitest";
import { ACTION_FIELD_LIMIT, checkActionBody, checkOrigin, restoreHiddenOrigin } from "./action-guard.mjs";

/** A multipart body as browsers write it (their boundaries mix cases: ----WebKitFormBoundary…). */
async function multipart(fields: [string, string][]) {
  const boundary = "----WebKitFormBoundaryAbCdEf";
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { type: `multipart/form-data; boundary=${boundary}`, body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`) };
}

describe("the server-action guard", () => {
  it("lets a form post through, whatever the case of its boundary", async () => {
    const { type, body } = await multipart([["email", "a@example.test"]]);
    expect(await checkActionBody({ "content-type": type }, body)).toBeUndefined();
  });

  it("refuses what Next would answer with a 500", async () => {
    const tooMany = await multipart(Array.from({ length: ACTION_FIELD_LIMIT + 1 }, (_, n): [string, string] => [`f${n}`, "x"]));
    expect(await checkActionBody({ "content-type": tooMany.type }, tooMany.body)).toMatchObject({ status: 413 });
    const nul = await multipart([["a\u0000b", "x"]]);
    expect(await checkActionBody({ "content-type": nul.type }, nul.body)).toMatchObject({ status: 400 });
    expect(await checkActionBody({ "content-type": "multipart/form-data; boundary=x" }, Buffer.from("--x\r\nbroken"))).toMatchObject({
      status: 400,
    });
    expect(await checkActionBody({ "content-type": "application/json" }, Buffer.from("{}"))).toMatchObject({ status: 415 });
    expect(await checkActionBody({ "content-type": "text/plain", "next-action": "abc" }, Buffer.from("{nope"))).toMatchObject({
      status: 400,
    });
    expect(await checkActionBody({ "content-type": "text/plain", "next-action": "abc" }, Buffer.from('["$K1"]'))).toBeUndefined();
  });

  it("refuses a post from another origin, or from an opaque one, and lets same-origin and origin-less posts through", () => {
    expect(checkOrigin({ host: "localhost:3000", origin: "http://localhost:3000" })).toBeUndefined();
    expect(checkOrigin({ host: "localhost:3000" })).toBeUndefined();
    expect(checkOrigin({ host: "localhost:3000", origin: "https://evil.example" })).toMatchObject({ status: 403 });
    expect(checkOrigin({ host: "localhost:3000", origin: "null" })).toMatchObject({ status: 403 });
    expect(checkOrigin({ host: "localhost:3000", origin: "::::" })).toMatchObject({ status: 403 });
    expect(
      checkOrigin({ host: "10.0.0.2:3000", "x-forwarded-host": "compte.example.fr", origin: "https://compte.example.fr" }),
    ).toBeUndefined();
  });

  it("gives a same-origin form post from a no-referrer page its origin back, and nothing else", () => {
    const restored = (headers: Record<string, string>) => {
      const copy = { ...headers };
      restoreHiddenOrigin(copy);
      return copy;
    };
    const fromLinkPage = restored({ host: "localhost:3000", origin: "null", "sec-fetch-site": "same-origin" });
    expect(fromLinkPage.origin).toBe("http://localhost:3000");
    expect(checkOrigin(fromLinkPage)).toBeUndefined();
    const behindProxy = restored({
      host: "10.0.0.2:3000",
      "x-forwarded-host": "compte.example.fr",
      origin: "null",
      "sec-fetch-site": "same-origin",
    });
    expect(checkOrigin(behindProxy)).toBeUndefined();
    for (const site of ["cross-site", "same-site", "none"]) {
      expect(checkOrigin(restored({ host: "localhost:3000", origin: "null", "sec-fetch-site": site })), site).toMatchObject({
        status: 403,
      });
    }
    expect(checkOrigin(restored({ host: "localhost:3000", origin: "null" }))).toMatchObject({ status: 403 });
    expect(restored({ host: "localhost:3000", origin: "https://evil.example", "sec-fetch-site": "same-origin" }).origin).toBe(
      "https://evil.example",
    );
  });
});
