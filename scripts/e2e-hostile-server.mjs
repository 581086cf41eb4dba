// The stage of the hostile end-to-end suites (e2e/hostile): the production
// build (already made by e2e-server.mjs) served on PostgreSQL, with three
// things the tests can break on purpose through a control API:
//   - the database: every connection goes through a TCP relay; "down" kills
//     the app's sessions inside PostgreSQL (as a restart does) and refuses
//     new connections until "up"; "stall" (JSON body {"text": "..."}) holds
//     what the app sends on a connection from the first bytes that complete
//     that text on, until "flow" forwards what was held (GET /database says
//     how many connections are held);
//   - Resend: a stand-in for its API, driven by the real SDK through
//     RESEND_BASE_URL, that can answer, fail with 500, or accept and hang;
//     like Resend it drops a second request with an idempotency key it saw;
//   - the app process: "kill" sends SIGKILL, "start" starts a new one,
//     "restart" starts one with other settings or bound to another address
//     (JSON body {"env": {...}, "hostname": "127.0.0.1"}; {} is the defaults).
// Ports: app E2E_HOSTILE_PORT (3101), relay +1, control +2, Resend +3.
// Needs TEST_DATABASE_URL (a PostgreSQL server where it may create a database).
import { createConnection, createServer as createTcpServer } from "node:net";
import { adminDatabase, controlServer, listen, onStop, resendStandIn, stageEnv, startServer, stopServer } from "./e2e-stage.mjs";

const appPort = Number(process.env.E2E_HOSTILE_PORT ?? 3101);
const relayPort = appPort + 1;
const controlPort = appPort + 2;
const resendPort = appPort + 3;
const database = adminDatabase("hostile");
// Named after the port, so that two checkouts can run their suites side by side.
export const databaseName = `sesame_e2e_hostile_${appPort}`;

// --- the database relay -----------------------------------------------------
/** Each relayed connection: its two sockets, and the app's bytes held by a stall (null: flowing). */
const links = new Set();
let databaseUp = true;
/** While set, { text, held }: connections stop at the first bytes from the app that complete `text`. */
let stall = null;
const relay = createTcpServer((incoming) => {
  if (!databaseUp) return incoming.destroy();
  const outgoing = createConnection({ host: database.target.hostname, port: database.port });
  const link = { incoming, outgoing, held: null, tail: "" };
  links.add(link);
  for (const socket of [incoming, outgoing]) {
    socket.on("error", () => closeLink(link));
    socket.on("close", () => closeLink(link));
  }
  incoming.on("data", (chunk) => {
    if (link.held) return void link.held.push(chunk);
    if (stall) {
      // The text may straddle two chunks; latin1 keeps one character per byte.
      const seen = link.tail + chunk.toString("latin1");
      if (seen.includes(stall.text)) {
        link.held = [chunk];
        stall.held += 1;
        return;
      }
      link.tail = seen.slice(-stall.text.length);
    }
    forward(link, chunk);
  });
  outgoing.pipe(incoming);
});

function forward(link, chunk) {
  if (!link.outgoing.write(chunk)) {
    link.incoming.pause();
    link.outgoing.once("drain", () => link.incoming.resume());
  }
}

function closeLink(link) {
  links.delete(link);
  link.incoming.destroy();
  link.outgoing.destroy();
}

function databaseFlow() {
  stall = null;
  for (const link of links) {
    const held = link.held ?? [];
    link.held = null;
    link.tail = "";
    for (const chunk of held) forward(link, chunk);
  }
}

async function databaseDown() {
  databaseUp = false;
  // What a restart does to open sessions: PostgreSQL ends them itself (all
  // but the tests' own observer, which reads the database past the relay).
  await database.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${databaseName}' AND application_name <> 'sesame-hostile-observer' AND pid <> pg_backend_pid()`,
  );
  for (const link of links) closeLink(link);
}

// --- the Resend stand-in (ok, fail or hang) ---------------------------------
const resend = resendStandIn();
const releaseHanging = () => resend.hanging.forEach((held) => held.destroy());

// --- the app ----------------------------------------------------------------
const appEnv = stageEnv({
  DATA_DIR: ".data/e2e-hostile",
  DATABASE_URL: `postgresql://${database.user}@127.0.0.1:${relayPort}/${databaseName}`,
  AUTH_SECRET: "e2e-hostile-secret-e2e-hostile-secret-00",
  APP_URL: `http://localhost:${appPort}`,
  RESEND_API_KEY: "re_e2e_hostile_key",
  // Resend's webhook signing secret; e2e/hostile/webhooks.spec.ts signs with it.
  RESEND_WEBHOOK_SECRET: "whsec_ZTJlLWhvc3RpbGUtd2ViaG9vay1zZWNyZXQtMDEyMzQ1",
  RESEND_BASE_URL: `http://127.0.0.1:${resendPort}`,
  // Every request's line too, so that the secret scan (e2e/hostile/secrets.spec.ts) reads them.
  LOG_LEVEL: "debug",
  MAIL_LEASE_MS: "4000",
  RATE_LIMIT_PASSKEY_SIGNIN_PER_IP: "100000",
  RATE_LIMIT_SIGNIN_PER_ACCOUNT: "100000",
  RATE_LIMIT_EMAIL_PER_ADDRESS: "100000",
  // The support agent of e2e/hostile/support.spec.ts (its search limit is low enough to reach), and the
  // agent whose address e2e/hostile/takeover.spec.ts has a stranger pre-create an account with.
  SUPPORT_STAFF: "hostileagent@example.test,precreated-agent@example.test",
  RATE_LIMIT_SUPPORT_SEARCH_PER_AGENT: "15",
});
let app;
const appLog = [];
/** What the last "restart" asked for: settings on top of appEnv, and the address to bind. */
let variant = { env: {}, hostname: undefined };

function startApp() {
  const started = startServer({ port: appPort, env: { ...appEnv, ...variant.env }, hostname: variant.hostname, log: appLog });
  app = started;
  started.on("exit", (code, signal) => {
    if (app === started && !started.stoppedOnPurpose) {
      console.error(`[hostile] app exited (${signal ?? code})`);
      process.exit(1);
    }
  });
}

const killApp = () => stopServer(app, "SIGKILL");

// --- the control API --------------------------------------------------------
const control = controlServer(async ({ method, path, body }) => {
  if (method === "GET" && path === "/emails")
    return { requests: resend.requests, refused: resend.refused, emails: [...resend.accepted.values()] };
  if (method === "GET" && path === "/log") return { log: appLog.join("") };
  if (method === "GET" && path === "/database") return { up: databaseUp, held: stall?.held ?? 0 };
  if (method !== "POST") return { error: "unknown" };
  switch (path) {
    case "/resend/ok":
    case "/resend/fail":
    case "/resend/hang":
      resend.mode = path.split("/")[2];
      if (resend.mode !== "hang") releaseHanging();
      return;
    case "/database/down":
      await databaseDown();
      return;
    case "/database/up":
      databaseUp = true;
      return;
    case "/database/stall":
      stall = { text: String(body.text), held: 0 };
      return;
    case "/database/flow":
      databaseFlow();
      return;
    case "/app/kill":
      await killApp();
      releaseHanging();
      resend.hanging.clear();
      return;
    case "/app/start":
      startApp();
      return;
    case "/app/restart":
      variant = { env: body.env ?? {}, hostname: body.hostname };
      await killApp();
      startApp();
      return;
    default:
      return { error: "unknown" };
  }
});

await database.recreate(databaseName);
await Promise.all([listen(relay, relayPort), listen(resend.server, resendPort), listen(control, controlPort)]);
startApp();
onStop(killApp);
