// What the two staged end-to-end servers share (e2e-hostile-server.mjs and
// e2e-pair-server.mjs): a database of their own on the TEST_DATABASE_URL
// server, a stand-in for Resend's API that the real SDK reaches through
// RESEND_BASE_URL, production servers of the build run as child processes
// whose output is kept for the tests, the settings those servers share, and
// a small JSON control API.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import pg from "pg";
import { newJwks } from "./oidc-jwks.mjs";

/** The PostgreSQL server of TEST_DATABASE_URL, where the stage may create and drop its database; exits without it. */
export function adminDatabase(label) {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) {
    console.error(`[${label}] TEST_DATABASE_URL is required`);
    process.exit(1);
  }
  const target = new URL(admin);
  async function query(sql) {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  }
  return {
    target,
    user: target.username || "postgres",
    port: Number(target.port || 5432),
    query,
    /** Drops the database (connections included) and creates it empty. */
    async recreate(name) {
      await query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await query(`CREATE DATABASE ${name}`);
    },
  };
}

async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

/**
 * Resend's API as far as the app uses it. Like Resend it sends an email once
 * per idempotency key, however many requests carry the key (`sends` counts
 * them). `mode` "fail" answers 500; "hang" takes the email and never answers
 * (`hanging` holds those responses); `delayMs` answers that much late.
 */
export function resendStandIn() {
  const stand = { mode: "ok", delayMs: 0, requests: 0, refused: 0, accepted: new Map(), hanging: new Set() };
  stand.server = createServer(async (request, response) => {
    const payload = await readBody(request);
    stand.requests += 1;
    const key = request.headers["idempotency-key"] ?? `none-${stand.requests}`;
    if (stand.mode === "fail") {
      stand.refused += 1;
      response.writeHead(500, { "content-type": "application/json" });
      return response.end(JSON.stringify({ statusCode: 500, name: "internal_server_error", message: "down for the test" }));
    }
    const to = Array.isArray(payload.to) ? payload.to[0] : payload.to;
    if (!stand.accepted.has(key))
      stand.accepted.set(key, { id: `re_${stand.accepted.size + 1}`, key, to, subject: payload.subject, html: payload.html, sends: 0 });
    stand.accepted.get(key).sends += 1;
    if (stand.mode === "hang") {
      stand.hanging.add(response);
      return;
    }
    if (stand.delayMs) await new Promise((resolve) => setTimeout(resolve, stand.delayMs));
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ id: stand.accepted.get(key).id }));
  });
  return stand;
}

/** The settings every staged server shares: a production build sending through the Resend stand-in, limits raised for one test machine's address. */
// Every staged instance signs ID tokens with the same keys, as a deployment's instances do.
const stageJwks = JSON.stringify(newJwks());

export function stageEnv(settings) {
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    MAIL_TRANSPORT: "resend",
    MAIL_POLL_MS: "200",
    MAIL_RETRY_FIRST_MS: "500",
    RATE_LIMIT_SIGNIN_PER_IP: "100000",
    RATE_LIMIT_SIGNUP_PER_IP: "100000",
    RATE_LIMIT_EMAIL_PER_IP: "100000",
    // Not these suites' subject, and nothing in CI reaches the internet (e2e/breached-passwords.spec.ts has the stand-in).
    PWNED_PASSWORDS: "off",
    OIDC_JWKS: stageJwks,
    ...settings,
  };
}

/**
 * Starts `npm start`'s server on a port, its output written through and kept
 * in `log` (an array of chunks). It serves from this one process (no fork), so
 * SIGKILL on it is a real crash; it stays in our process group, which
 * Playwright kills at the end.
 */
export function startServer({ port, env, hostname, log }) {
  const bind = hostname ? ["--hostname", hostname] : [];
  const child = spawn(process.execPath, ["server/index.mjs", "--port", String(port), ...bind], { env, stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (chunk) => {
      process.stdout.write(chunk);
      log.push(chunk.toString("utf8"));
    });
  }
  return child;
}

/** Sends `signal` to a server the stage started, resolved with how it ended ({code, signal, ms}) once it exited. */
export function stopServer(child, signal = "SIGTERM") {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return resolve({ code: child?.exitCode ?? null, signal: null, ms: 0 });
    child.stoppedOnPurpose = true;
    const started = Date.now();
    child.once("exit", (code, exitSignal) => resolve({ code, signal: exitSignal, ms: Date.now() - started }));
    child.kill(signal);
  });
}

/**
 * The stage's control API on 127.0.0.1: `handle({method, path, body})` returns
 * the JSON answer (undefined: {ok: true}), or [status, answer].
 */
export function controlServer(handle) {
  return createServer(async (request, response) => {
    const reply = (body, status = 200) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body ?? { ok: true }));
    };
    try {
      const body = await readBody(request);
      const answer = await handle({ method: request.method, path: new URL(request.url, "http://control").pathname, body });
      return Array.isArray(answer) ? reply(answer[1], answer[0]) : reply(answer);
    } catch (error) {
      reply({ error: String(error) }, 500);
    }
  });
}

export const listen = (server, port) => new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));

/** Runs `stop` on SIGINT or SIGTERM, then exits. */
export function onStop(stop) {
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, async () => {
      await stop();
      process.exit(0);
    });
  }
}
