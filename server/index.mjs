// @ts-check
// The server of every deployment: `npm start` (and `npm run dev`). Next's
// request handler inside our own node:http server, so that the client's
// address comes from the TCP connection (server/client-address.mjs) and
// requests Next cannot decode (a server action, a router state) are answered
// 4xx before it sees them (server/action-guard.mjs).
//
//   node server/index.mjs [--dev] [--port 3000] [--hostname 127.0.0.1]
//
// PORT and HOSTNAME are read too; without a host name it listens on every
// interface, like `next start`.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { format, parseArgs } from "node:util";
import next from "next";
import { applyBaselineHeaders, keepStrictHeaders } from "./baseline-headers.mjs";
import { compressResponse } from "./compression.mjs";
import {
  ACTION_BODY_LIMIT,
  checkActionBody,
  checkOrigin,
  checkRouterState,
  isPagePost,
  readBounded,
  replayRequest,
  restoreHiddenOrigin,
} from "./action-guard.mjs";
import { parseTrustProxy, stampClientAddress } from "./client-address.mjs";
import { log, withRequestId } from "./log.mjs";

const { values: options } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    port: { type: "string", short: "p" },
    hostname: { type: "string", short: "H" },
  },
});
const dev = options.dev;
/** @type {Record<string, string | undefined>} */ (process.env).NODE_ENV ??= dev ? "development" : "production";
const port = Number(options.port ?? process.env.PORT ?? 3000);
const hostname = options.hostname ?? (process.env.HOSTNAME || undefined);

/** @type {number} */
let trustedProxies = 0;
try {
  trustedProxies = parseTrustProxy(process.env.TRUST_PROXY);
} catch (error) {
  log().fatal({ event: "server.cannot_start", err: error }, "cannot start");
  process.exit(1);
}

// Tells the app (lib/server-start.ts) that requests carry the address set
// here: started any other way, a production server refuses to run, since
// the client could then write its own address. The app adds what must run
// when the server stops (its deliverer, its database) to `onStop`.
/** @type {{ trustedProxies: number, onStop: (() => Promise<void>)[], oidc?: (request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) => Promise<void> }} */
const shared = { trustedProxies, onStop: [] };
/** @type {Record<symbol, unknown>} */ (globalThis)[Symbol.for("sesame.server")] = shared;

// How long a stopping server lets in-flight requests, the work promised
// after them and the email being sent finish (SHUTDOWN_TIMEOUT_MS).
const shutdownMs = Number(process.env.SHUTDOWN_TIMEOUT_MS || 10_000);

// Next builds its own requests' origin from this host name and proxies over
// HTTP any rewrite whose origin differs (`next start --hostname 127.0.0.1`
// made every rewritten page a failed proxy to localhost): it is the same
// whatever interface the server listens on.
const app = next({ dev, dir: process.cwd(), hostname: "localhost", port });

// What Next itself prints (a request's error, its warnings) goes out as log
// lines too, so that every line of a production server is one JSON object.
if (!dev) {
  for (const [method, level] of /** @type {const} */ ([
    ["error", "error"],
    ["warn", "warn"],
    ["info", "info"],
    ["log", "info"],
  ])) {
    console[method] = (...args) => log()[level]({ event: "next.console" }, format(...args));
  }
}
const handle = app.getRequestHandler();

/**
 * @param {import("node:http").ServerResponse} response
 * @param {number} status
 * @param {string} reason
 * @param {{ close?: boolean }} [options] close: the body was not read to its end, so the connection cannot be reused
 */
function refuse(response, status, reason, options = {}) {
  response.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "cache-control": "no-store",
    ...(options.close ? { connection: "close" } : {}),
  });
  response.end(`${status} ${reason}\n`);
}

/**
 * @param {import("node:http").IncomingMessage} request
 * @param {import("node:http").ServerResponse} response
 */
async function serve(request, response) {
  stampClientAddress(request, trustedProxies);
  response.setHeader("X-Request-Id", /** @type {string} */ (request.headers[REQUEST_ID_HEADER]));
  keepStrictHeaders(response);
  // Node calls writeHead for every response, implicit ones included.
  const writeHead = response.writeHead;
  response.writeHead = /** @type {typeof writeHead} */ (
    function (/** @type {any[]} */ ...args) {
      if (typeof args[0] === "number") response.statusCode = args[0];
      applyBaselineHeaders(response);
      return Reflect.apply(writeHead, response, args);
    }
  );
  // Sign in with Sésame (lib/oidc): the provider, which the app hands over once started, answers everything under /oidc.
  if (isOidcPath(request.url)) {
    if (!shared.oidc) return refuse(response, 503, "starting");
    return shared.oidc(request, response);
  }
  const unreadableState = checkRouterState(request.headers);
  if (unreadableState) return refuse(response, unreadableState.status, unreadableState.reason);
  // Next's answers are compressed; the refusals below are a line of text, under the middleware's threshold.
  compressResponse(request, response);
  if (!isPagePost(request)) return handle(request, response);
  // Read first (bounded), so that a refused client still gets its answer rather than a reset connection.
  const { body, ...read } = await readBounded(request, ACTION_BODY_LIMIT);
  if (!body) return refuse(response, 413, "request body too large", { close: !("drained" in read && read.drained) });
  restoreHiddenOrigin(request.headers);
  const crossSite = checkOrigin(request.headers);
  if (crossSite) return refuse(response, crossSite.status, crossSite.reason);
  const malformed = await checkActionBody(request.headers, body);
  if (malformed) return refuse(response, malformed.status, malformed.reason);
  return handle(replayRequest(request, body), response);
}

/**
 * /oidc and below, judged on the raw path: a dot segment or an encoded slash
 * is not the provider's (nor anything Next would serve under another name).
 * @param {string | undefined} url
 */
function isOidcPath(url) {
  return /^\/oidc(?:[/?]|$)/.test(url ?? "");
}

const REQUEST_ID_HEADER = "x-request-id";
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The id every log line of a request carries, and the response's X-Request-Id:
 * the one a trusted proxy set, else a new one (a client's own never counts,
 * or it could make its lines look like someone else's).
 * @param {import("node:http").IncomingMessage} request
 */
function requestIdOf(request) {
  const offered = request.headers[REQUEST_ID_HEADER];
  const id = trustedProxies > 0 && typeof offered === "string" && REQUEST_ID.test(offered) ? offered : randomUUID();
  request.headers[REQUEST_ID_HEADER] = id;
  return id;
}

await app.prepare();
let stopping = false;
let inFlight = 0;
const server = createServer((request, response) => {
  const started = performance.now();
  inFlight += 1;
  // While stopping, a kept-alive connection carries no further request.
  if (stopping) response.setHeader("Connection", "close");
  response.once("close", () => {
    inFlight -= 1;
    if (stopping) server.closeIdleConnections();
  });
  withRequestId(requestIdOf(request), () => {
    response.once("finish", () => {
      // Paths can carry tokens (/reinitialisation/<token>): a long segment is logged as :token, the query never.
      const path = (request.url ?? "/").replace(/\?.*$/s, "").replace(/[A-Za-z0-9_-]{20,}/g, ":token");
      const line = {
        event: "http.request",
        method: request.method,
        path,
        status: response.statusCode,
        durationMs: Math.round(performance.now() - started),
      };
      if (response.statusCode >= 500) log().error(line, "request answered 5xx");
      else log().debug(line, "request");
    });
    serve(request, response).catch((error) => {
      log().error({ event: "http.failed", err: error }, "request failed");
      if (!response.headersSent) refuse(response, 500, "internal error");
      else response.destroy();
    });
  });
});
// Node closes a kept-alive connection after 5 idle seconds, and a request a
// client sends on it just then is reset (a journey saw ECONNRESET on a reused
// connection). Longer than the idle timeout of what usually stands in front
// (load balancers, 60 s), so the proxy or the client closes first; the
// headers' own timeout must exceed it.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, hostname, () => {
  log().info(
    { event: "server.listening", mode: dev ? "development" : "production", port, hostname: hostname ?? null, trustedProxies },
    `${dev ? "development" : "production"} server on http://${hostname ?? "localhost"}:${port}`,
  );
});

/**
 * Graceful stop (SIGTERM from an orchestrator, or SIGINT): stop accepting
 * connections, let the requests in flight finish, then what the app asked
 * for (the work promised after responses, the deliverer, which sends the
 * email in hand and gives back the rest of its batch, the database). Exits 0
 * when all of it finished within SHUTDOWN_TIMEOUT_MS, 1 when the bound cut
 * it short (an unsent email keeps its lease and is sent later, once).
 * @param {NodeJS.Signals} signal
 */
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  const started = performance.now();
  const deadline = started + shutdownMs;
  log().info({ event: "server.stopping", signal, inFlight }, "stopping");
  const closed = new Promise((resolve) => server.close(() => resolve(true)));
  server.closeIdleConnections();
  /** @param {Promise<unknown>} work */
  const withinBound = (work) =>
    Promise.race([
      work.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), Math.max(0, deadline - performance.now()))),
    ]);
  const drained = await withinBound(closed);
  if (!drained) server.closeAllConnections();
  const finished = await withinBound(Promise.all(shared.onStop.map((hook) => hook())));
  const clean = drained && finished;
  log()[clean ? "info" : "warn"](
    { event: "server.stopped", drained, finished, durationMs: Math.round(performance.now() - started) },
    clean ? "stopped" : "stopped before everything finished",
  );
  process.exit(clean ? 0 : 1);
}

for (const signal of /** @type {const} */ (["SIGTERM", "SIGINT"])) process.on(signal, () => void stop(signal));
