import { describe, expect, it } from "vitest";
import type { IncomingMessage } from "node:http";
import { ACTION_FIELD_LIMIT, checkActionBody, checkOrigin, checkRouterState, isPagePost, restoreHiddenOrigin } from "./action-guard.mjs";

const posted = (url: string, method = "POST") => ({ method, url }) as IncomingMessage;

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

  it("refuses a post from another origin, or from an opaque one, and lets same-origin posts through", () => {
    expect(checkOrigin({ host: "localhost:3000", origin: "http://localhost:3000" })).toBeUndefined();
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

  it("refuses a post without Origin unless Sec-Fetch-Site says it comes from this very origin (browsers always send one of them)", () => {
    expect(checkOrigin({ host: "localhost:3000" })).toMatchObject({ status: 403 });
    for (const site of ["cross-site", "same-site", "none"]) {
      expect(checkOrigin({ host: "localhost:3000", "sec-fetch-site": site }), site).toMatchObject({ status: 403 });
    }
    expect(checkOrigin({ host: "localhost:3000", "sec-fetch-site": "same-origin" })).toBeUndefined();
  });

  it("judges the path Next will serve: an /api prefix that dot segments, encodings or backslashes undo is a page post", () => {
    for (const url of ["/mot-de-passe-oublie", "/connexion?returnTo=%2Fcompte", "/", "/apiculture"]) {
      expect(isPagePost(posted(url)), url).toBe(true);
    }
    for (const url of [
      "/api/../mot-de-passe-oublie",
      "/api/%2e%2e/mot-de-passe-oublie",
      "/api/%2E%2E/mot-de-passe-oublie",
      "/api/.%2e/mot-de-passe-oublie",
      "/api/./../mot-de-passe-oublie",
      "//api/../mot-de-passe-oublie",
      "/api\\..\\mot-de-passe-oublie",
      "/api;x/../mot-de-passe-oublie",
      "/api/auth/../../mot-de-passe-oublie",
      "/%61pi/../mot-de-passe-oublie",
      "http://localhost:3000/api/../mot-de-passe-oublie",
    ]) {
      expect(isPagePost(posted(url)), url).toBe(true);
    }
    for (const url of ["/api/auth/callback/credentials", "/api/webhooks/resend", "/api/auth/signout?x=1", "/api"]) {
      expect(isPagePost(posted(url)), url).toBe(false);
    }
    expect(isPagePost(posted("/mot-de-passe-oublie", "GET"))).toBe(false);
  });

  it("refuses a router state header Next could not read (it answers 500 on dynamic pages and every 404), lets a real one through", () => {
    // What Next's client sends on a navigation from /connexion.
    const real = encodeURIComponent(
      JSON.stringify(["", { children: ["fr", { children: ["connexion", { children: ["__PAGE__", {}] }] }] }, null, null]),
    );
    expect(checkRouterState({ rsc: "1", "next-router-state-tree": real })).toBeUndefined();
    expect(checkRouterState({ rsc: "1" })).toBeUndefined();
    expect(checkRouterState({})).toBeUndefined();
    for (const bad of ["x", "%", "%E0%A4%A", "{}", "[]", '["",1]', encodeURIComponent("[1,{}]"), "[".repeat(50_000)]) {
      expect(checkRouterState({ rsc: "1", "next-router-state-tree": bad }), bad.slice(0, 20)).toMatchObject({ status: 400 });
    }
  });

  it("refuses action arguments React could not decode (a part the body lacks, a server reference), lets our clients' through", async () => {
    const action = (body: string) =>
      checkActionBody({ "content-type": "text/plain;charset=UTF-8", "next-action": "abc" }, Buffer.from(body));
    // What the probe sent to the passkey sign-in action: React answers "Connection closed." and Next a 500.
    for (const body of ['["$Q1"]', '["$h1"]', '["$1"]', '["$W1"]', '["$i1"]', '["$@1"]', '["$T1"]', '["$B1"]', '["$S1"]', '["$F1"]']) {
      expect(await action(body), body).toMatchObject({ status: 400 });
    }
    for (const body of ['{"a":1}', "1", '"x"', "null", '[{"deep":["$Q2"]}]', '["$nx"]']) {
      expect(await action(body), body).toMatchObject({ status: 400 });
    }
    // What our clients send: strings (a leading $ escaped as $$), undefined, plain objects, nothing.
    for (const body of [
      "[]",
      '["{\\"id\\":\\"x\\"}", "$undefined"]',
      '["$$starts-with-dollar"]',
      '[{"pseudo":"x","n":1,"ok":true,"x":null}]',
      '["$n12", "$D2020-01-01T00:00:00.000Z", "$NaN", "$-0"]',
    ]) {
      expect(await action(body), body).toBeUndefined();
    }
    const parts = async (fields: [string, string][]) => {
      const { type, body } = await multipart(fields);
      return checkActionBody({ "content-type": type, "next-action": "abc" }, body);
    };
    // A form's values passed to an action (useActionState: the previous state, then the FormData).
    expect(
      await parts([
        ["1_email", "a@example.test"],
        ["0", '[{"ok":false},"$K1"]'],
      ]),
    ).toBeUndefined();
    expect(
      await parts([
        ["1", '{"a":"x"}'],
        ["0", '["$1"]'],
      ]),
    ).toBeUndefined();
    for (const fields of [
      [["0", '["$Q1"]']],
      [
        ["0", '["$Q1"]'],
        ["1", "[1]"],
      ],
      [
        ["0", '["$h1"]'],
        ["1", '{"id":"abc","bound":null}'],
      ],
      [
        ["0", '["$1"]'],
        ["1", '{"a":"$2"}'],
      ],
      [["1", "[]"]],
    ] as [string, string][][]) {
      expect(await parts(fields), JSON.stringify(fields)).toMatchObject({ status: 400 });
    }
  });
});
