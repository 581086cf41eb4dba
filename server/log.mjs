// @ts-check
// The process's one logger (pino): one JSON object per line on stdout, with
// level, time, the request's id (from the scope server/index.mjs opens around
// each request) and an `event` name. Shared by the server and the app (lib/
// imports it through lib/observability/log.ts): Next may bundle a module
// more than once, so the logger lives once per process on globalThis.
//
// No line may carry a password, token, digest, secret or full email
// address: events log outcome codes and ids, never what a person typed; a
// field named like a secret is censored, and every string has its email
// addresses masked (errors from providers and drivers quote them).
//
// LOG_LEVEL: fatal, error, warn, info (default), debug, trace, silent. In
// development the lines are pretty-printed when pino-pretty is installed.
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import pino from "pino";

const KEY = Symbol.for("sesame.log");
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;
const SECRET_FIELDS = ["password", "token", "secret", "authorization", "cookie", "digest", "hash", "email", "to"];

/** An email address keeps its first character and its domain: enough to tell a provider's complaint apart. */
export function maskEmails(/** @type {string} */ text) {
  return text.replace(EMAIL, "$1…@$2");
}

/**
 * @param {unknown} value
 * @param {number} depth
 * @returns {unknown}
 */
function scrubValue(value, depth) {
  if (typeof value === "string") return maskEmails(value);
  if (value instanceof Error) {
    // The stack repeats the message and says nothing an operator needs from a log line.
    const { code } = /** @type {{ code?: unknown }} */ (value);
    return { type: value.name, message: maskEmails(value.message), ...(code === undefined ? {} : { code }) };
  }
  if (depth > 3 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  return scrub(/** @type {Record<string, unknown>} */ (value), depth + 1);
}

/**
 * @param {Record<string, unknown>} object
 * @param {number} [depth]
 */
function scrub(object, depth = 0) {
  /** @type {Record<string, unknown>} */
  const clean = {};
  for (const [key, value] of Object.entries(object)) {
    clean[key] = SECRET_FIELDS.includes(key.toLowerCase()) ? "[redacted]" : scrubValue(value, depth);
  }
  return clean;
}

/** @returns {import("node:stream").Writable | undefined} */
function prettyStream() {
  if (process.env.NODE_ENV !== "development") return undefined;
  try {
    const pretty = createRequire(import.meta.url)("pino-pretty");
    return pretty({ colorize: true, sync: true, ignore: "pid,hostname" });
  } catch {
    return undefined; // not installed (npm ci --omit=dev): plain JSON
  }
}

function create() {
  /** @type {AsyncLocalStorage<{ requestId: string }>} */
  const scope = new AsyncLocalStorage();
  const level = process.env.LOG_LEVEL || "info";
  const logger = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Errors reach `scrub` whole (pino would have made them {type, message, stack} first).
      serializers: { err: (error) => error },
      formatters: { level: (label) => ({ level: label }), log: (object) => scrub(object) },
      hooks: {
        logMethod(args, method) {
          Reflect.apply(
            method,
            this,
            args.map((arg) => (typeof arg === "string" ? maskEmails(arg) : arg)),
          );
        },
      },
      mixin: () => {
        const current = scope.getStore();
        return current ? { requestId: current.requestId } : {};
      },
    },
    prettyStream() ?? pino.destination({ dest: 1, sync: true }),
  );
  return { logger, scope };
}

/** @returns {{ logger: import("pino").Logger, scope: AsyncLocalStorage<{ requestId: string }> }} */
function shared() {
  const store = /** @type {Record<symbol, ReturnType<typeof create> | undefined>} */ (globalThis);
  store[KEY] ??= create();
  return /** @type {ReturnType<typeof create>} */ (store[KEY]);
}

/** The logger; `log().info({ event: "…", … }, "message")`. */
export function log() {
  return shared().logger;
}

/**
 * Runs `work` with `requestId` attached to every line it logs.
 * @template T
 * @param {string} requestId
 * @param {() => T} work
 * @returns {T}
 */
export function withRequestId(requestId, work) {
  return shared().scope.run({ requestId }, work);
}
