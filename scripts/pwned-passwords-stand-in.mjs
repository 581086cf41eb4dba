// A stand-in for Have I Been Pwned's range API (GET /range/{prefix}), so that
// no test and no end-to-end stage reaches the internet. Like the real API it
// answers every 5-character prefix with the suffixes of the breached hashes
// that start with it ("SUFFIX:COUNT" lines, CRLF), a few unrelated breached
// suffixes of its own, and, when the request says `Add-Padding: true`,
// padding lines whose count is 0. `mode` plays the outages: "fail" answers
// 503, "hang" never answers, "malformed" answers 200 with a body that is not
// a range. `delayMs` answers that much late. The Vitest tests drive it in
// process; the e2e stage (scripts/e2e-server.mjs) through its control routes:
//   POST /control/breached {"password", "count"?}   a password that has leaked
//   POST /control/mode {"mode", "delayMs"?}          "ok" | "fail" | "hang" | "malformed"
//   POST /control/reset                              back to an empty, healthy service
//   GET  /control/requests                           what the app asked ({prefix, padding} each)
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";

/** The uppercase hex SHA-1 of a password, after the NFC normalisation the app applies. */
export const sha1Hex = (password) => createHash("sha1").update(password.normalize("NFC"), "utf8").digest("hex").toUpperCase();

const PADDING_LINES = 20;

/** Suffixes that are breached under every prefix, unrelated to any test's password (the real API never answers an empty list). */
function decoys(prefix) {
  return [1, 2, 3].map((index) => `${sha1Hex(`decoy-${prefix}-${index}`).slice(5)}:${index * 7}`);
}

export function pwnedPasswordsStandIn() {
  const stand = {
    mode: "ok",
    delayMs: 0,
    /** Full SHA-1 → count. */
    breached: new Map(),
    /** Suffixes given as padding (count 0) under their prefix, whatever the request. */
    padded: new Set(),
    /** Every range request: its prefix and whether it asked for padding. */
    requests: [],
    hanging: new Set(),
    url: "",

    breach(password, count = 42) {
      stand.breached.set(sha1Hex(password), count);
    },
    /** A padding line (count 0) carrying this password's suffix: the app must not read it as breached. */
    pad(password) {
      stand.padded.add(sha1Hex(password));
    },
    reset() {
      stand.mode = "ok";
      stand.delayMs = 0;
      stand.breached.clear();
      stand.padded.clear();
      stand.requests.length = 0;
      stand.releaseHanging();
    },
    releaseHanging() {
      for (const response of stand.hanging) response.destroy();
      stand.hanging.clear();
    },

    rangeBody(prefix, padding) {
      const lines = decoys(prefix);
      for (const [hash, count] of stand.breached) if (hash.startsWith(prefix)) lines.push(`${hash.slice(5)}:${count}`);
      if (padding) {
        for (const hash of stand.padded) if (hash.startsWith(prefix)) lines.push(`${hash.slice(5)}:0`);
        for (let index = 0; index < PADDING_LINES; index++) lines.push(`${randomBytes(18).toString("hex").slice(0, 35).toUpperCase()}:0`);
      }
      return lines.sort().join("\r\n");
    },

    async handle(request, response) {
      const url = new URL(request.url, "http://stand-in");
      const reply = (status, body, type = "application/json") => {
        response.writeHead(status, { "content-type": type });
        response.end(typeof body === "string" ? body : JSON.stringify(body));
      };
      if (url.pathname.startsWith("/control/")) return stand.control(request, url.pathname, reply);
      const match = /^\/range\/([0-9A-Fa-f]{5})$/.exec(url.pathname);
      if (request.method !== "GET" || !match) return reply(404, { error: "not found" });
      const prefix = match[1].toUpperCase();
      const padding = String(request.headers["add-padding"]).toLowerCase() === "true";
      stand.requests.push({ prefix, padding, path: url.pathname + url.search });
      if (stand.mode === "hang") return void stand.hanging.add(response);
      if (stand.delayMs) await new Promise((resolve) => setTimeout(resolve, stand.delayMs));
      if (stand.mode === "fail") return reply(503, "Service Unavailable", "text/plain");
      if (stand.mode === "malformed") return reply(200, "<html><body>Just a moment…</body></html>", "text/html");
      reply(200, stand.rangeBody(prefix, padding), "text/plain");
    },

    async control(request, pathname, reply) {
      const chunks = [];
      for await (const chunk of request) chunks.push(chunk);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      if (pathname === "/control/requests") return reply(200, stand.requests);
      if (request.method !== "POST") return reply(405, { error: "POST" });
      if (pathname === "/control/breached") stand.breach(String(body.password), body.count ?? 42);
      else if (pathname === "/control/mode") {
        if (!["ok", "fail", "hang", "malformed"].includes(body.mode)) return reply(400, { error: "mode" });
        stand.mode = body.mode;
        stand.delayMs = Number(body.delayMs ?? 0);
        if (body.mode !== "hang") stand.releaseHanging();
      } else if (pathname === "/control/reset") stand.reset();
      else return reply(404, { error: "not found" });
      reply(200, { ok: true });
    },

    /** Listens on 127.0.0.1 (port 0: any free one); resolves with its base URL, also kept in `url`. */
    listen(port = 0) {
      return new Promise((resolve) => {
        stand.server.listen(port, "127.0.0.1", () => {
          stand.url = `http://127.0.0.1:${stand.server.address().port}`;
          resolve(stand.url);
        });
      });
    },
    close() {
      stand.releaseHanging();
      stand.server.closeAllConnections();
      return new Promise((resolve) => stand.server.close(() => resolve()));
    },
  };
  stand.server = createServer((request, response) => {
    stand.handle(request, response).catch(() => response.destroy());
  });
  return stand;
}
