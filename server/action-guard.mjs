// @ts-check
import { IncomingMessage } from "node:http";
import { parseAndValidateFlightRouterState } from "next/dist/server/app-render/parse-and-validate-flight-router-state.js";

// Server actions are public endpoints that Next decodes before any code of
// ours runs, and Next answers 500 to most requests it cannot decode (a
// foreign Origin, a body over its limit, a broken multipart body, a field
// name with a NUL…): each would page whoever is on call and hide real
// failures. This guard reads the body of every POST to a page first, bounded,
// and answers those requests 4xx itself; what it lets through reaches Next
// byte for byte.

/** Every form of the app fits well within this (the contact form's 20,000 characters included). */
export const ACTION_BODY_LIMIT = 256 * 1024;
/** Our largest form has a dozen fields with React's own; nobody needs a thousand. */
export const ACTION_FIELD_LIMIT = 200;

/** @typedef {{ status: 400 | 403 | 413 | 415; reason: string }} Refusal */

/**
 * A request Next may treat as a server action: a POST to a page (route
 * handlers under /api decode their own bodies). The path is judged as Next
 * will serve it: a raw path that is not already in normal form (dot
 * segments, encoded dots, backslashes, doubled slashes: `/api/../page`
 * reaches the page) is a page post, whatever its prefix.
 * @param {import("node:http").IncomingMessage} request
 */
export function isPagePost(request) {
  if (request.method !== "POST") return false;
  const raw = request.url ?? "/";
  const rawPath = raw.replace(/[?#].*$/s, "");
  let normal;
  try {
    normal = new URL(`http://guard.invalid${rawPath.startsWith("/") ? "" : "/"}${rawPath}`).pathname;
  } catch {
    return true;
  }
  return !(normal === rawPath && /^\/api(?:\/|$)/.test(rawPath));
}

/**
 * Next's own CSRF rule for actions, answered with 403 instead of 500, made
 * stricter: the Origin must be sent and name the host the request was sent
 * to. Every browser sends Origin on a POST (a no-referrer page's `null` is
 * handled by restoreHiddenOrigin), so a post without one comes from a
 * script or a tool, and nothing of the site needs it; Next would let it
 * through. The one exception is `Sec-Fetch-Site: same-origin`, which only a
 * browser sets and no page can forge.
 * @param {import("node:http").IncomingHttpHeaders} headers
 * @returns {Refusal | undefined}
 */
export function checkOrigin(headers) {
  const origin = headers.origin;
  if (origin === undefined) return headers["sec-fetch-site"] === "same-origin" ? undefined : { status: 403, reason: "no Origin" };
  const host = first(headers["x-forwarded-host"]) ?? headers.host;
  let originHost;
  try {
    originHost = origin === "null" ? "null" : new URL(origin).host;
  } catch {
    return { status: 403, reason: "malformed Origin" };
  }
  return host && originHost === host ? undefined : { status: 403, reason: "cross-origin post" };
}

/**
 * The router state a client's navigation sends (`Next-Router-State-Tree`,
 * with `RSC: 1`) is parsed by Next deep inside rendering, where one it cannot
 * read becomes a 500 (on every dynamic page and every 404). It is judged
 * here with Next's own parser, on every request that carries it, so that the
 * rule stays Next's.
 * @param {import("node:http").IncomingHttpHeaders} headers
 * @returns {Refusal | undefined}
 */
export function checkRouterState(headers) {
  const state = headers["next-router-state-tree"];
  if (state === undefined) return undefined;
  try {
    parseAndValidateFlightRouterState(state);
    return undefined;
  } catch {
    return { status: 400, reason: "unreadable router state" };
  }
}

/**
 * A browser posts a form from a page sent with `Referrer-Policy: no-referrer`
 * (the emailed-link pages, lib/flows.ts) with `Origin: null`: Fetch hides the
 * origin of such navigations. Both our rule and Next's would take it for a
 * cross-origin post, so the button of those pages would fail without
 * JavaScript. `Sec-Fetch-Site`, which no page can set and every current
 * browser sends, still tells where the post came from: when it says this very
 * origin, the request is given back the origin of the host it was sent to
 * (only the host is compared). A cross-site post, or one without that header,
 * keeps its `null` and is refused.
 * @param {import("node:http").IncomingHttpHeaders} headers
 */
export function restoreHiddenOrigin(headers) {
  const host = first(headers["x-forwarded-host"]) ?? headers.host;
  if (headers.origin === "null" && headers["sec-fetch-site"] === "same-origin" && host) headers.origin = `http://${host}`;
}

/** @param {string | string[] | undefined} value */
function first(value) {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(",")[0]?.trim() || undefined;
}

/** A body over the limit is still read (and dropped) up to this much, so that its sender sees the 413. */
const DRAIN_LIMIT = 16 * 1024 * 1024;

/**
 * Reads a body up to `limit` bytes. A larger one is read on and dropped up to
 * DRAIN_LIMIT (`drained`: the connection can carry the answer); past that the
 * caller closes the connection.
 * @param {import("node:http").IncomingMessage} request
 * @param {number} limit
 * @returns {Promise<{ body: Buffer } | { body: undefined; drained: boolean }>}
 */
export async function readBounded(request, limit) {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > DRAIN_LIMIT) return { body: undefined, drained: false };
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > DRAIN_LIMIT) return { body: undefined, drained: false };
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? { body: undefined, drained: true } : { body: Buffer.concat(chunks) };
}

/** Field names are ours (React's and the forms'): printable, short. */
const FIELD_NAME = /^[^\u0000-\u001f\u007f]{1,200}$/;

/**
 * Whether Next can decode this body as the action it claims to be.
 * @param {import("node:http").IncomingHttpHeaders} headers
 * @param {Buffer} body
 * @returns {Promise<Refusal | undefined>}
 */
export async function checkActionBody(headers, body) {
  const declared = headers["content-type"] ?? "";
  // The media type ignores case; the multipart boundary does not.
  const type = declared.toLowerCase();
  const fetchAction = typeof headers["next-action"] === "string";
  if (type.startsWith("multipart/form-data")) {
    let form;
    try {
      form = await new Request("http://action.invalid/", {
        method: "POST",
        headers: { "content-type": declared },
        body: new Uint8Array(body),
      }).formData();
    } catch {
      return { status: 400, reason: "unreadable multipart body" };
    }
    let count = 0;
    /** @type {Map<string, string>} */
    const parts = new Map();
    for (const [name, value] of form) {
      count += 1;
      if (count > ACTION_FIELD_LIMIT) return { status: 413, reason: "too many fields" };
      if (!FIELD_NAME.test(name)) return { status: 400, reason: "bad field name" };
      if (typeof value === "string" && /^\d+$/.test(name)) parts.set(name, value);
    }
    // A form posted without JavaScript names its action in its fields (Next decodes it otherwise).
    return fetchAction ? checkReply(parts) : undefined;
  }
  if (!fetchAction) {
    // A POST that is no action at all: Next would render the page for it, or fail.
    return { status: 415, reason: "not a form post" };
  }
  if (type.startsWith("text/plain")) {
    // React encodes a non-form argument list as JSON text.
    return checkReply(new Map([["0", body.toString("utf8")]]));
  }
  return { status: 415, reason: "unsupported action body" };
}

/**
 * Strings of React's reply encoding that stand for a value by themselves:
 * an escaped string ($$…), undefined, NaN, ±Infinity, -0, a date, a bigint,
 * and a FormData argument ($K, whose fields may be absent).
 */
const SELF_CONTAINED = /^\$(?:\$[\s\S]*|undefined|NaN|Infinity|-Infinity|-0|D[\s\S]*|n-?\d{1,400}|K[0-9a-f]{1,8})$/;
/** A value outlined in another part of the body, named by its hex id (Maps, Sets, promises and iterators are no argument of ours). */
const OUTLINED = /^\$([0-9a-f]{1,8})$/;
/** Nesting beyond this is no argument list of ours. */
const REPLY_DEPTH = 32;

/**
 * Whether React can decode these action arguments (the reply's parts by
 * name: "0" is the argument list). React resolves a reference to a part the
 * body lacks by failing ("Connection closed."), and a server reference or a
 * temporary one it cannot find by throwing, and Next answers 500 to both.
 * Our clients send strings, plain objects, undefined and FormData; every
 * other tag is refused, so that what reaches Next decodes.
 * @param {Map<string, string>} parts
 * @returns {Refusal | undefined}
 */
function checkReply(parts) {
  const refused = /** @type {Refusal} */ ({ status: 400, reason: "unreadable action arguments" });
  /** @type {Set<string>} */
  const seen = new Set();
  /** @param {string} name */
  const part = (name) => {
    if (seen.has(name)) return true;
    seen.add(name);
    const text = parts.get(name);
    if (text === undefined) return false;
    try {
      return value(JSON.parse(text), 0);
    } catch {
      return false;
    }
  };
  /** @param {unknown} node @param {number} depth @returns {boolean} */
  const value = (node, depth) => {
    if (depth > REPLY_DEPTH) return false;
    if (typeof node === "string") {
      if (!node.startsWith("$") || SELF_CONTAINED.test(node)) return true;
      const outlined = OUTLINED.exec(node);
      return outlined ? part(String(Number.parseInt(/** @type {string} */ (outlined[1]), 16))) : false;
    }
    if (node === null || typeof node !== "object") return true;
    return Object.values(node).every((child) => value(child, depth + 1));
  };
  const root = parts.get("0");
  if (root === undefined) return refused;
  let args;
  try {
    args = JSON.parse(root);
  } catch {
    return refused;
  }
  // Next applies the action to the decoded list: anything else is a TypeError, a 500.
  if (!Array.isArray(args)) return refused;
  seen.add("0");
  return value(args, 0) ? undefined : refused;
}

/**
 * The same request, its body already read: what Next's handler is given in
 * place of the original, whose stream is spent.
 * @param {import("node:http").IncomingMessage} original
 * @param {Buffer} body
 * @returns {import("node:http").IncomingMessage}
 */
export function replayRequest(original, body) {
  const copy = new IncomingMessage(original.socket);
  copy.method = original.method;
  copy.url = original.url;
  copy.httpVersion = original.httpVersion;
  copy.httpVersionMajor = original.httpVersionMajor;
  copy.httpVersionMinor = original.httpVersionMinor;
  copy.headers = { ...original.headers, "content-length": String(body.length) };
  delete copy.headers["transfer-encoding"];
  copy.rawHeaders = Object.entries(copy.headers).flatMap(([name, value]) =>
    Array.isArray(value) ? value.flatMap((v) => [name, v]) : [name, String(value)],
  );
  // The socket has nothing more to give this request; the copy reads from memory.
  copy._read = () => {};
  copy.push(body);
  copy.push(null);
  copy.complete = true;
  return copy;
}
