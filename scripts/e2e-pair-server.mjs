// The two-instance stage (e2e/pair): two production servers of the same
// build (made by e2e-server.mjs) on one PostgreSQL database, as behind a load
// balancer, with a stand-in for Resend that counts requests per idempotency
// key, and a control API:
//   POST /reset {"pooler": bool}  both instances stopped, the database dropped
//                                 and created empty, both started at the same
//                                 moment (through PgBouncer in transaction
//                                 pooling mode when pooler is true, with
//                                 DIRECT_DATABASE_URL for the migrations)
//   POST /stop/a, /stop/b         SIGTERM; answers {code, signal, ms} once it exited
//   POST /start/a, /start/b
//   POST /resend/delay {"ms": n}  Resend answers each request n ms late
//   GET  /emails, /log/a, /log/b
// Ports: instance A E2E_PAIR_PORT (E2E_PORT + 5), B +1, control +2, Resend +3, PgBouncer +4.
// Needs TEST_DATABASE_URL (a PostgreSQL server where it may create a database).
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

const portA = Number(process.env.E2E_PAIR_PORT ?? 3105);
const ports = { a: portA, b: portA + 1 };
const controlPort = portA + 2;
const resendPort = portA + 3;
const poolerPort = portA + 4;
const admin = process.env.TEST_DATABASE_URL;
if (!admin) {
  console.error("[pair] TEST_DATABASE_URL is required");
  process.exit(1);
}
const target = new URL(admin);
const user = target.username || "postgres";
const databaseName = `sesame_e2e_pair_${portA}`;
const directURL = `postgresql://${user}@${target.hostname}:${target.port || 5432}/${databaseName}`;
const pooledURL = `postgresql://${user}@127.0.0.1:${poolerPort}/${databaseName}`;

async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

// --- PgBouncer, transaction pooling ------------------------------------------
let pooler;
function startPooler() {
  if (pooler && pooler.exitCode === null) return Promise.resolve();
  const dir = mkdtempSync(path.join(tmpdir(), "sesame-pgbouncer-"));
  const ini = path.join(dir, "pgbouncer.ini");
  writeFileSync(
    ini,
    [
      "[databases]",
      `${databaseName} = host=${target.hostname} port=${target.port || 5432} dbname=${databaseName} user=${user}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${poolerPort}`,
      `unix_socket_dir = ${dir}`,
      "auth_type = any",
      `admin_users = ${user}`,
      "log_connections = 0",
      "log_disconnections = 0",
      "pool_mode = transaction",
      // As many server connections as the two instances' pools hold (10 each): the suite proves
      // what transaction pooling changes (no session of one's own), not a capacity (with 8, a burst of
      // 50 sign-ups waited past Prisma's 2 s to start a transaction, answered "unavailable").
      "default_pool_size = 20",
      "max_client_conn = 200",
      "ignore_startup_parameters = extra_float_digits,options",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      `pidfile = ${path.join(dir, "pgbouncer.pid")}`,
      "",
    ].join("\n"),
  );
  // PgBouncer refuses to run as root: as root (a CI container), it switches to nobody, who must write its files.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chmodSync(dir, 0o777);
  pooler = spawn("/usr/sbin/pgbouncer", [...(asRoot ? ["-u", "nobody"] : []), ini], { stdio: "ignore" });
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const probe = () => {
      const client = new pg.Client({ connectionString: pooledURL });
      client
        .connect()
        .then(() => client.end())
        .then(resolve, () =>
          Date.now() - started > 10_000
            ? reject(new Error(`pgbouncer did not start (see ${path.join(dir, "pgbouncer.log")})`))
            : setTimeout(probe, 100),
        );
    };
    probe();
  });
}

/** Transactions PgBouncer carried to the database so far (its admin console's SHOW STATS); null without it. */
async function poolerTransactions() {
  if (!pooled) return null;
  const client = new pg.Client({ connectionString: `postgresql://${user}@127.0.0.1:${poolerPort}/pgbouncer` });
  await client.connect();
  try {
    const { rows } = await client.query("SHOW STATS");
    return Number(rows.find((row) => row.database === databaseName)?.total_xact_count ?? 0);
  } finally {
    await client.end();
  }
}

// --- the Resend stand-in -------------------------------------------------------
let delayMs = 0;
let requests = 0;
const accepted = new Map(); // idempotency key → { id, key, to, subject, html, sends }
const resend = createHttpServer(async (request, response) => {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  requests += 1;
  const payload = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  const key = request.headers["idempotency-key"] ?? `none-${requests}`;
  const to = Array.isArray(payload.to) ? payload.to[0] : payload.to;
  if (!accepted.has(key))
    accepted.set(key, { id: `re_${accepted.size + 1}`, key, to, subject: payload.subject, html: payload.html, sends: 0 });
  accepted.get(key).sends += 1;
  if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify({ id: accepted.get(key).id }));
});

// --- the instances -------------------------------------------------------------
let pooled = false;
const instances = { a: null, b: null };
const logs = { a: [], b: [] };

function envOf(name) {
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATA_DIR: `.data/e2e-pair-${name}`,
    DATABASE_URL: pooled ? pooledURL : directURL,
    DIRECT_DATABASE_URL: pooled ? directURL : "",
    AUTH_SECRET: "e2e-pair-secret-e2e-pair-secret-e2e-pair",
    APP_URL: `http://localhost:${ports.a}`,
    MAIL_TRANSPORT: "resend",
    RESEND_API_KEY: "re_e2e_pair_key",
    RESEND_BASE_URL: `http://127.0.0.1:${resendPort}`,
    MAIL_POLL_MS: "200",
    MAIL_RETRY_FIRST_MS: "500",
    MAIL_LEASE_MS: "6000",
    METRICS_TOKEN: "e2e-pair-metrics",
    SHUTDOWN_TIMEOUT_MS: "8000",
    RATE_LIMIT_SIGNIN_PER_IP: "100000",
    RATE_LIMIT_SIGNUP_PER_IP: "100000",
    RATE_LIMIT_EMAIL_PER_IP: "100000",
    RATE_LIMIT_SIGNIN_PER_ACCOUNT: "1000",
    // Small, so that the suite reaches it through one instance and meets it on the other.
    RATE_LIMIT_EMAIL_PER_ADDRESS: "3",
  };
}

function start(name) {
  logs[name] = [];
  const child = spawn(process.execPath, ["server/index.mjs", "--port", String(ports[name])], {
    env: envOf(name),
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (chunk) => {
      process.stdout.write(chunk);
      logs[name].push(chunk.toString("utf8"));
    });
  }
  child.on("exit", (code, signal) => {
    if (instances[name] === child && !child.stoppedOnPurpose) console.error(`[pair] instance ${name} exited (${signal ?? code})`);
  });
  instances[name] = child;
}

/** SIGTERM (or SIGKILL), resolved with how it ended once it exited. */
function stop(name, signal = "SIGTERM") {
  const child = instances[name];
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return resolve({ code: child?.exitCode ?? null, signal: null, ms: 0 });
    child.stoppedOnPurpose = true;
    const started = Date.now();
    child.once("exit", (code, exitSignal) => resolve({ code, signal: exitSignal, ms: Date.now() - started }));
    child.kill(signal);
  });
}

async function reset(options) {
  await Promise.all([stop("a", "SIGKILL"), stop("b", "SIGKILL")]);
  pooled = Boolean(options.pooler);
  await adminQuery(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${databaseName}`);
  if (pooled) {
    // A new database: the pooler's server connections to the old one are gone.
    if (pooler) {
      pooler.kill("SIGKILL");
      pooler = undefined;
    }
    await startPooler();
  }
  accepted.clear();
  requests = 0;
  delayMs = 0;
  // The same moment: both race for the migrations of an empty database.
  start("a");
  start("b");
}

// --- the control API -----------------------------------------------------------
const control = createHttpServer(async (request, response) => {
  const url = new URL(request.url, "http://control");
  const reply = (body, status = 200) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body ?? { ok: true }));
  };
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  try {
    if (request.method === "GET" && url.pathname === "/emails") return reply({ requests, emails: [...accepted.values()] });
    if (request.method === "GET" && url.pathname === "/state")
      return reply({ pooled, ports, databaseName, poolerTransactions: await poolerTransactions() });
    const logOf = /^\/log\/([ab])$/.exec(url.pathname);
    if (request.method === "GET" && logOf) return reply({ log: logs[logOf[1]].join("") });
    if (request.method !== "POST") return reply({ error: "unknown" }, 404);
    if (url.pathname === "/reset") return reply(await reset(body));
    if (url.pathname === "/resend/delay") {
      delayMs = Number(body.ms ?? 0);
      return reply();
    }
    const action = /^\/(stop|start)\/([ab])$/.exec(url.pathname);
    if (action?.[1] === "stop") return reply(await stop(action[2]));
    if (action?.[1] === "start") {
      start(action[2]);
      return reply();
    }
    return reply({ error: "unknown" }, 404);
  } catch (error) {
    reply({ error: String(error) }, 500);
  }
});

await new Promise((resolve) => resend.listen(resendPort, "127.0.0.1", resolve));
await new Promise((resolve) => control.listen(controlPort, "127.0.0.1", resolve));
await reset({ pooler: false });

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await Promise.all([stop("a", "SIGKILL"), stop("b", "SIGKILL")]);
    pooler?.kill("SIGKILL");
    process.exit(0);
  });
}
