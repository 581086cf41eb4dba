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
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { adminDatabase, controlServer, listen, onStop, resendStandIn, stageEnv, startServer, stopServer } from "./e2e-stage.mjs";

const portA = Number(process.env.E2E_PAIR_PORT ?? 3105);
const ports = { a: portA, b: portA + 1 };
const controlPort = portA + 2;
const resendPort = portA + 3;
const poolerPort = portA + 4;
const database = adminDatabase("pair");
const user = database.user;
const databaseName = `sesame_e2e_pair_${portA}`;
const directURL = `postgresql://${user}@${database.target.hostname}:${database.port}/${databaseName}`;
const pooledURL = `postgresql://${user}@127.0.0.1:${poolerPort}/${databaseName}`;

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
      `${databaseName} = host=${database.target.hostname} port=${database.port} dbname=${databaseName} user=${user}`,
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

// --- the Resend stand-in (answers, ms late when asked) -----------------------
const resend = resendStandIn();

// --- the instances -------------------------------------------------------------
let pooled = false;
const instances = { a: null, b: null };
const logs = { a: [], b: [] };

// Sign in with Sésame across both instances (e2e/pair/pair.spec.ts): one
// confidential application that is not first-party, so its flow has a consent
// step to finish on the other instance. Its callback is never requested: the
// spec reads the code from the provider's redirect, as the application's
// server would be handed it (every port of the stage's range is taken). The
// spec repeats these values.
const pairApplication = {
  client_id: "e2e-pair-app",
  client_name: "L'Application Paire",
  client_secret: "e2e-pair-app-secret-e2e-pair-app-secret",
  redirect_uris: ["http://127.0.0.1/e2e-pair-app/callback"],
};

function envOf(name) {
  return stageEnv({
    DATA_DIR: `.data/e2e-pair-${name}`,
    DATABASE_URL: pooled ? pooledURL : directURL,
    DIRECT_DATABASE_URL: pooled ? directURL : "",
    AUTH_SECRET: "e2e-pair-secret-e2e-pair-secret-e2e-pair",
    APP_URL: `http://localhost:${ports.a}`,
    RESEND_API_KEY: "re_e2e_pair_key",
    RESEND_BASE_URL: `http://127.0.0.1:${resendPort}`,
    MAIL_LEASE_MS: "6000",
    METRICS_TOKEN: "e2e-pair-metrics",
    SHUTDOWN_TIMEOUT_MS: "8000",
    RATE_LIMIT_SIGNIN_PER_ACCOUNT: "1000",
    // Small, so that the suite reaches it through one instance and meets it on the other.
    RATE_LIMIT_EMAIL_PER_ADDRESS: "3",
    OIDC_CLIENTS: JSON.stringify([pairApplication]),
  });
}

function start(name) {
  logs[name] = [];
  const child = startServer({ port: ports[name], env: envOf(name), log: logs[name] });
  child.on("exit", (code, signal) => {
    if (instances[name] === child && !child.stoppedOnPurpose) console.error(`[pair] instance ${name} exited (${signal ?? code})`);
  });
  instances[name] = child;
}

const stop = (name, signal) => stopServer(instances[name], signal);

async function reset(options) {
  await Promise.all([stop("a", "SIGKILL"), stop("b", "SIGKILL")]);
  pooled = Boolean(options.pooler);
  await database.recreate(databaseName);
  if (pooled) {
    // A new database: the pooler's server connections to the old one are gone.
    if (pooler) {
      pooler.kill("SIGKILL");
      pooler = undefined;
    }
    await startPooler();
  }
  resend.accepted.clear();
  resend.requests = 0;
  resend.delayMs = 0;
  // The same moment: both race for the migrations of an empty database.
  start("a");
  start("b");
}

// --- the control API -----------------------------------------------------------
const control = controlServer(async ({ method, path, body }) => {
  if (method === "GET" && path === "/emails") return { requests: resend.requests, emails: [...resend.accepted.values()] };
  if (method === "GET" && path === "/state") return { pooled, ports, databaseName, poolerTransactions: await poolerTransactions() };
  const logOf = /^\/log\/([ab])$/.exec(path);
  if (method === "GET" && logOf) return { log: logs[logOf[1]].join("") };
  if (method !== "POST") return [404, { error: "unknown" }];
  if (path === "/reset") return reset(body);
  if (path === "/resend/delay") {
    resend.delayMs = Number(body.ms ?? 0);
    return;
  }
  const action = /^\/(stop|start)\/([ab])$/.exec(path);
  if (action?.[1] === "stop") return stop(action[2]);
  if (action?.[1] === "start") return start(action[2]);
  return [404, { error: "unknown" }];
});

await listen(resend.server, resendPort);
await listen(control, controlPort);
await reset({ pooler: false });

onStop(async () => {
  await Promise.all([stop("a", "SIGKILL"), stop("b", "SIGKILL")]);
  pooler?.kill("SIGKILL");
});
