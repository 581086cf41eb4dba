// @ts-check
// Response compression, done here rather than by Next (next.config.ts sets
// `compress: false`). Next runs the same middleware on every response
// (compression 1.7, gzip and deflate: it bundles that version; 1.8 would
// answer brotli to browsers), so a page rendered at build time is gzipped
// again for every visitor: 24 kB of HTML, about 1.2 ms of the server's CPU
// per view. Here a response whose ETag names its content, sent in one piece
// (pages rendered at build time), is gzipped once and then served from a
// bounded cache; everything else (streamed pages, files, action answers)
// goes through the middleware as before.
import { Duplex } from "node:stream";
import { gzipSync } from "node:zlib";
import compression from "compression";

const compress = compression();

/** Enough for every page built ahead in both languages, with room; a body above MAX_BODY is not kept. */
const MAX_ENTRIES = 128;
const MAX_BODY = 512 * 1024;
/** What the middleware compresses too (compressible types from 1 kB). */
const COMPRESSIBLE = /^(?:text\/|application\/(?:json|javascript)|image\/svg\+xml)/i;
const THRESHOLD = 1024;

/** @type {Map<string, Buffer>} gzipped bodies by path and ETag, least recently used first */
const cache = new Map();

/** @param {string} key @param {Buffer} gzipped */
function remember(key, gzipped) {
  cache.set(key, gzipped);
  if (cache.size > MAX_ENTRIES) cache.delete(/** @type {string} */ (cache.keys().next().value));
}

/** @param {string} key */
function recall(key) {
  const gzipped = cache.get(key);
  if (gzipped) {
    cache.delete(key);
    cache.set(key, gzipped);
  }
  return gzipped;
}

/**
 * Whether the client takes gzip (`Accept-Encoding`, q above 0).
 * @param {string | undefined} header
 */
export function acceptsGzip(header) {
  return (header ?? "").split(",").some((entry) => {
    const [coding, ...parameters] = entry.trim().toLowerCase().split(";");
    if (coding !== "gzip" && coding !== "*") return false;
    const q = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * Compresses the response Next is about to write. Call before handing the
 * request to Next.
 * @param {import("node:http").IncomingMessage} request
 * @param {import("node:http").ServerResponse} response
 */
export function compressResponse(request, response) {
  compress(/** @type {any} */ (request), /** @type {any} */ (response), () => {});
  // On a client that disconnects, the middleware never ends its zlib stream (Next does the same).
  response.once("close", () => {
    if (!response.writableFinished) releaseCompressionStream(response);
  });
  if (request.method === "GET" && acceptsGzip(request.headers["accept-encoding"])) serveCompressedOnce(request, response);
}

/**
 * Above the middleware: a whole body with an ETag is answered from the cache
 * (or gzipped and kept), with the headers the middleware would have set. The
 * middleware then sees it encoded already and passes it through.
 * @param {import("node:http").IncomingMessage} request
 * @param {import("node:http").ServerResponse} response
 */
function serveCompressedOnce(request, response) {
  const write = response.write;
  const end = response.end;
  let streamed = false;
  response.write = /** @type {typeof write} */ (
    function (/** @type {any[]} */ ...args) {
      streamed = true;
      return Reflect.apply(write, response, args);
    }
  );
  response.end = /** @type {typeof end} */ (
    function (/** @type {any[]} */ ...args) {
      const [chunk, encoding] = args;
      const etag = response.getHeader("ETag");
      const type = String(response.getHeader("Content-Type") ?? "");
      const cacheable =
        !streamed &&
        !response.headersSent &&
        response.statusCode === 200 &&
        typeof etag === "string" &&
        (typeof chunk === "string" || chunk instanceof Uint8Array) &&
        COMPRESSIBLE.test(type) &&
        !response.hasHeader("Content-Encoding") &&
        !/\bno-transform\b/.test(String(response.getHeader("Cache-Control") ?? ""));
      if (cacheable) {
        const body =
          typeof chunk === "string"
            ? Buffer.from(chunk, typeof encoding === "string" ? /** @type {BufferEncoding} */ (encoding) : "utf8")
            : chunk;
        if (body.length >= THRESHOLD && body.length <= MAX_BODY) {
          // By path, not URL: a query (which anyone can vary) must not fill the cache with copies.
          const key = `${(request.url ?? "").replace(/\?.*$/s, "")} ${etag}`;
          let gzipped = recall(key);
          if (!gzipped) {
            gzipped = gzipSync(body);
            remember(key, gzipped);
          }
          response.setHeader("Content-Encoding", "gzip");
          response.setHeader("Content-Length", gzipped.length);
          const vary = String(response.getHeader("Vary") ?? "");
          if (!/\baccept-encoding\b/i.test(vary)) response.setHeader("Vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
          const callback = args.find((argument) => typeof argument === "function");
          return Reflect.apply(end, response, callback ? [gzipped, callback] : [gzipped]);
        }
      }
      return Reflect.apply(end, response, args);
    }
  );
}

/**
 * What Next's own release-compression-stream does: the middleware answers
 * `on("drain")` with its zlib stream, which is destroyed here.
 * @param {import("node:http").ServerResponse} response
 */
function releaseCompressionStream(response) {
  const noop = () => {};
  const stream = /** @type {unknown} */ (response.on("drain", noop));
  if (stream === response || !(stream instanceof Duplex)) {
    response.off("drain", noop);
    return;
  }
  stream.destroy();
}

/** How many bodies the cache holds (tests). */
export const cachedBodies = () => cache.size;
