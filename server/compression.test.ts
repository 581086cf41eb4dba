import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptsGzip, cachedBodies, compressResponse } from "./compression.mjs";

// A stand-in for Next behind server/index.mjs: each path answers the way Next
// sends that kind of response, and the server compresses as the real one does.
const page = `<!DOCTYPE html><html><body>${"<p>Email, pseudo ou mot de passe incorrect.</p>".repeat(200)}</body></html>`;

const answers: Record<string, (response: ServerResponse) => void> = {
  // A page rendered at build time: one piece, with its ETag and length (Next's sendRenderResult).
  "/built": (response) => {
    response.setHeader("Content-Type", "text/html; charset=utf-8");
    response.setHeader("ETag", '"built-1"');
    response.setHeader("Content-Length", Buffer.byteLength(page));
    response.end(page);
  },
  "/built-other": (response) => {
    response.setHeader("Content-Type", "text/html; charset=utf-8");
    response.setHeader("ETag", '"built-2"');
    response.end(page.replace("incorrect", "inconnu"));
  },
  // A page rendered per request: streamed, no ETag.
  "/streamed": (response) => {
    response.setHeader("Content-Type", "text/html; charset=utf-8");
    response.write(page.slice(0, 3000));
    setTimeout(() => response.end(page.slice(3000)), 5);
  },
  // An error page with an ETag: not kept.
  "/missing": (response) => {
    response.statusCode = 404;
    response.setHeader("Content-Type", "text/html; charset=utf-8");
    response.setHeader("ETag", '"missing"');
    response.end(page);
  },
  "/no-transform": (response) => {
    response.setHeader("Content-Type", "text/html; charset=utf-8");
    response.setHeader("ETag", '"nt"');
    response.setHeader("Cache-Control", "no-transform");
    response.end(page);
  },
};

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((request, response) => {
    compressResponse(request, response);
    answers[(request.url ?? "").split("?")[0]!]!(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(path: string, headers: Record<string, string> = {}, method = "GET") {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const sent = httpRequest({ host: "127.0.0.1", port, path, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    sent.on("error", reject);
    sent.end();
  });
}

const text = (answer: { headers: IncomingHttpHeaders; body: Buffer }) =>
  (answer.headers["content-encoding"] === "gzip" ? gunzipSync(answer.body) : answer.body).toString("utf8");

describe("compression", () => {
  it("gzips a page built ahead once, then serves the same bytes to every visitor, with its length and Vary", async () => {
    const before = cachedBodies();
    const first = await get("/built", { "accept-encoding": "gzip, deflate, br" });
    const second = await get("/built", { "accept-encoding": "gzip" });
    expect(first.headers["content-encoding"]).toBe("gzip");
    expect(Number(first.headers["content-length"])).toBe(first.body.length);
    expect(first.headers.vary).toMatch(/Accept-Encoding/i);
    expect(text(first)).toBe(page);
    expect(second.body.equals(first.body)).toBe(true);
    expect(cachedBodies()).toBe(before + 1);
    // A query, which anyone can vary, does not make copies.
    for (const query of ["?utm=1", "?utm=2", "?code=invalidCredentials"]) {
      expect((await get(`/built${query}`, { "accept-encoding": "gzip" })).body.equals(first.body)).toBe(true);
    }
    expect(cachedBodies()).toBe(before + 1);
    // Another page (another ETag) gets its own entry, never the first one's bytes.
    const other = await get("/built-other", { "accept-encoding": "gzip" });
    expect(text(other)).toContain("inconnu");
    expect(cachedBodies()).toBe(before + 2);
  });

  it("sends the page as it is to a client that takes no gzip, and answers HEAD without a body", async () => {
    for (const encoding of ["identity", "gzip;q=0", ""]) {
      const plain = await get("/built", encoding ? { "accept-encoding": encoding } : {});
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.body.toString("utf8")).toBe(page);
    }
    const head = await get("/built", { "accept-encoding": "gzip" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it("still compresses what is streamed, an error page and a no-transform answer as the middleware decides, keeping none", async () => {
    const before = cachedBodies();
    // gzip, as Next's own compression answered, even to a browser that also takes brotli.
    const streamed = await get("/streamed", { "accept-encoding": "gzip, deflate, br" });
    expect(streamed.headers["content-encoding"]).toBe("gzip");
    expect(text(streamed)).toBe(page);
    const missing = await get("/missing", { "accept-encoding": "gzip" });
    expect(missing.status).toBe(404);
    expect(text(missing)).toBe(page);
    const untouched = await get("/no-transform", { "accept-encoding": "gzip" });
    expect(untouched.headers["content-encoding"]).toBeUndefined();
    expect(untouched.body.toString("utf8")).toBe(page);
    expect(cachedBodies()).toBe(before);
  });

  it("reads Accept-Encoding as HTTP does: a coding with q=0 is refused, * stands for any", () => {
    expect(acceptsGzip("gzip")).toBe(true);
    expect(acceptsGzip("br, GZIP;q=0.5")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("gzip; q=0.000")).toBe(false);
    expect(acceptsGzip("identity, br")).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
