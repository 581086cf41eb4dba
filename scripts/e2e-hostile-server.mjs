// The stage of the hostile end-to-end suites (e2e/hostile): the production
// build (already made by e2e-server.mjs) served on PostgreSQL, with three
// things the tests can break on purpose through a control API:
//   - the database: every connection goes through a TCP relay; "down" kills
//     the app's sessions inside PostgreSQL (as a restart does) and refuses
//     new connections until "up";
//   - Resend: a stand-in for its API, driven by the real SDK through
//     RESEND_BASE_URL, that can answer, fail with 500, or accept and hang;
//     like Resend it drops a second request with an idempotency key it saw;
//   - the app process: "kill" sends SIGKILL, "start" starts a new one,
//     "restart" starts one with other settings or bound to another address
//     (JSON body {"env": {...}, "hostname": "127.0.0.1"}; {} is the defaults).
// Ports: app E2E_HOSTILE_PORT (3101), relay +1, control +2, Resend +3.
// Needs TEST_DATABASE_URL (a PostgreSQL server where it may create a database).
import { spawn } from "node:child_process";
import { createServer as createHttpServer } from "node:http";
import { createConnection, createServer as createTcpServer } from "node:net";
import pg from "pg";

const appPort = Number(process.env.E2E_HOSTILE_PORT ?? 3101);
const relayPort = appPort + 1;
const controlPort = appPort + 2;
const resendPort = appPort + 3;
const admin = process.env.TEST_DATABASE_URL;
if (!admin) {
  console.error("[hostile] TEST_DATABASE_URL is required");
  process.exit(1);
}
const target = new URL(admin);
// Named after the port, so that two checkouts can run their suites side by side.
export const databaseName = `sesame_e2e_hostile_${appPort}`;

async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

// --- the database relay -----------------------------------------------------
const sockets = new Set();
let databaseUp = true;
const relay = createTcpServer((incoming) => {
  if (!databaseUp) return incoming.destroy();
  const outgoing = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
  const pair = [incoming, outgoing];
  for (const socket of pair) {
    sockets.add(socket);
    socket.on("error", () => pair.forEach((end) => end.destroy()));
    socket.on("close", () => {
      sockets.delete(socket);
      pair.forEach((end) => end.destroy());
    });
  }
  incoming.pipe(outgoing);
  outgoing.pipe(incoming);
});

async function databaseDown() {
  databaseUp = false;
  // What a restart does to open sessions: PostgreSQL ends them itself (all
  // but the tests' own observer, which reads the database past the relay).
  await adminQuery(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${databaseName}' AND application_name <> 'sesame-hostile-observer' AND pid <> pg_backend_pid()`,
  );
  for (const socket of sockets) socket.destroy();
}

// --- the Resend stand-in ----------------------------------------------------
let resendMode = "ok"; // ok | fail | hang
let requests = 0;
let refused = 0;
const accepted = new Map(); // idempotency key → { id, to, subject }
const hanging = new Set();
const resend = createHttpServer(async (request, response) => {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  requests += 1;
  const payload = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  const key = request.headers["idempotency-key"] ?? `none-${requests}`;
  if (resendMode === "fail") {
    refused += 1;
    response.writeHead(500, { "content-type": "application/json" });
    return response.end(JSON.stringify({ statusCode: 500, name: "internal_server_error", message: "down for the test" }));
  }
  const to = Array.isArray(payload.to) ? payload.to[0] : payload.to;
  // `sends` counts the requests Resend accepted for this key; it sends the email once whatever that count.
  if (!accepted.has(key))
    accepted.set(key, { id: `re_${accepted.size + 1}`, key, to, subject: payload.subject, html: payload.html, sends: 0 });
  accepted.get(key).sends += 1;
  if (resendMode === "hang") {
    // Resend took the email; the answer never comes back.
    hanging.add(response);
    return;
  }
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify({ id: accepted.get(key).id }));
});

// --- the app ----------------------------------------------------------------
const appEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATA_DIR: ".data/e2e-hostile",
  DATABASE_URL: `postgresql://${target.username || "postgres"}@127.0.0.1:${relayPort}/${databaseName}`,
  AUTH_SECRET: "e2e-hostile-secret-e2e-hostile-secret-00",
  APP_URL: `http://localhost:${appPort}`,
  MAIL_TRANSPORT: "resend",
  RESEND_API_KEY: "re_e2e_hostile_key",
  // Resend's webhook signing secret; e2e/hostile/webhooks.spec.ts signs with it.
  RESEND_WEBHOOK_SECRET: "whsec_ZTJlLWhvc3RpbGUtd2ViaG9vay1zZWNyZXQtMDEyMzQ1",
  RESEND_BASE_URL: `http://127.0.0.1:${resendPort}`,
  MAIL_POLL_MS: "200",
  // Every request's line too, so that the secret scan (e2e/hostile/secrets.spec.ts) reads them.
  LOG_LEVEL: "debug",
  MAIL_RETRY_FIRST_MS: "500",
  MAIL_LEASE_MS: "4000",
  RATE_LIMIT_SIGNIN_PER_IP: "100000",
  RATE_LIMIT_SIGNUP_PER_IP: "100000",
  RATE_LIMIT_EMAIL_PER_IP: "100000",
  RATE_LIMIT_PASSKEY_SIGNIN_PER_IP: "100000",
  RATE_LIMIT_SIGNIN_PER_ACCOUNT: "100000",
  RATE_LIMIT_EMAIL_PER_ADDRESS: "100000",
  // The support agent of e2e/hostile/support.spec.ts; its search limit is low enough to reach.
  SUPPORT_STAFF: "hostileagent@example.test",
  RATE_LIMIT_SUPPORT_SEARCH_PER_AGENT: "15",
};
let app;
let appLog = [];
/** What the last "restart" asked for: settings on top of appEnv, and the address to bind. */
let variant = { env: {}, hostname: undefined };

function startApp() {
  // The server serves from this one process (no fork), so SIGKILL on it is a real crash;
  // it stays in our process group, which Playwright kills at the end.
  const bind = variant.hostname ? ["--hostname", variant.hostname] : [];
  app = spawn(process.execPath, ["server/index.mjs", "--port", String(appPort), ...bind], {
    env: { ...appEnv, ...variant.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [app.stdout, app.stderr]) {
    stream.on("data", (chunk) => {
      process.stdout.write(chunk);
      appLog.push(chunk.toString("utf8"));
    });
  }
  const started = app;
  started.on("exit", (code, signal) => {
    if (app === started && !started.killedOnPurpose) {
      console.error(`[hostile] app exited (${signal ?? code})`);
      process.exit(1);
    }
  });
}

function killApp() {
  return new Promise((resolve) => {
    if (!app || app.exitCode !== null) return resolve();
    app.killedOnPurpose = true;
    app.once("exit", () => resolve());
    app.kill("SIGKILL");
  });
}

// --- the control API --------------------------------------------------------
const control = createHttpServer(async (request, response) => {
  const url = new URL(request.url, "http://control");
  const reply = (body) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(body ?? { ok: true }));
  };
  try {
    if (request.method === "GET" && url.pathname === "/emails") return reply({ requests, refused, emails: [...accepted.values()] });
    if (request.method === "GET" && url.pathname === "/log") return reply({ log: appLog.join("") });
    if (request.method !== "POST") return reply({ error: "unknown" });
    switch (url.pathname) {
      case "/resend/ok":
      case "/resend/fail":
      case "/resend/hang":
        resendMode = url.pathname.split("/")[2];
        if (resendMode !== "hang") hanging.forEach((held) => held.destroy());
        return reply();
      case "/database/down":
        await databaseDown();
        return reply();
      case "/database/up":
        databaseUp = true;
        return reply();
      case "/app/kill":
        await killApp();
        hanging.forEach((held) => held.destroy());
        hanging.clear();
        return reply();
      case "/app/start":
        startApp();
        return reply();
      case "/app/restart": {
        const chunks = [];
        for await (const chunk of request) chunks.push(chunk);
        const asked = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
        variant = { env: asked.env ?? {}, hostname: asked.hostname };
        await killApp();
        startApp();
        return reply();
      }
      default:
        return reply({ error: "unknown" });
    }
  } catch (error) {
    response.writeHead(500);
    response.end(String(error));
  }
});

await adminQuery(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
await adminQuery(`CREATE DATABASE ${databaseName}`);
await Promise.all([
  new Promise((resolve) => relay.listen(relayPort, "127.0.0.1", resolve)),
  new Promise((resolve) => resend.listen(resendPort, "127.0.0.1", resolve)),
  new Promise((resolve) => control.listen(controlPort, "127.0.0.1", resolve)),
]);
startApp();

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await killApp();
    process.exit(0);
  });
}
