// Shared by the benchmark and the load script: a throw-away PostgreSQL
// database, the production server's environment, and its resident memory.
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";
import { newJwks } from "../scripts/oidc-jwks.mjs";

// The instances of one run sign ID tokens with the same keys, as a deployment's do.
const benchJwks = JSON.stringify(newJwks());

const adminUrl = () => process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** A fresh database on the local PostgreSQL server; its URL. */
export async function createDatabase(prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(url: string | undefined): Promise<void> {
  if (!url) return;
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
}

/** A production server's settings; `extra` overrides (rate limits, proxy trust). */
export function serverEnv(
  base: string,
  databaseUrl: string | undefined,
  dataDir: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl ?? "",
    DATA_DIR: dataDir,
    AUTH_SECRET: "bench-only-secret-bench-only-secret-0123",
    OIDC_JWKS: benchJwks,
    APP_URL: base,
    MAIL_TRANSPORT: "outbox",
    // Measured apart (bench/breach-check.ts); the benchmark and the load never reach the internet.
    PWNED_PASSWORDS: "off",
    ...extra,
  };
}

export async function waitForServer(base: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(`${base}/connexion`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("server did not start");
}

/** Resident memory of a process and its children, in MB. */
export function residentMb(pid: number): number {
  const children = childrenOf(pid);
  const own = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  return own + children.reduce((sum, child) => sum + residentMb(child), 0);
}

const clockTicks = (() => {
  const run = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  return Number(run.stdout.trim()) || 100;
})();

/**
 * CPU time (user + system, every thread) a process and its children have
 * used so far, in ms, from /proc: what the server itself spent, whatever
 * else the machine is doing. Ticks are 10 ms; a phase of a few hundred
 * sign-ins makes that negligible.
 */
export function cpuMs(pid: number): number {
  const own = statCpuMs(readFileSync(`/proc/${pid}/stat`, "utf8"));
  return own + childrenOf(pid).reduce((sum, child) => sum + cpuMs(child), 0);
}

/** utime + stime of a process's or a thread's stat line, in ms. */
function statCpuMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of proc(5) (utime, stime); the slice starts at field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

/**
 * The same CPU time split by thread: the main thread (JavaScript, the event
 * loop), libuv's pool (argon2id's hashes, and little else on PostgreSQL),
 * and the rest (V8's garbage collection and compiler threads). Threads that
 * ended meanwhile are not counted: Node's are long-lived.
 */
export type ThreadCpu = { main: number; pool: number; other: number };
export function cpuByThread(pid: number): ThreadCpu {
  const split = { main: 0, pool: 0, other: 0 };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    } catch {
      continue; // ended between the listing and the read
    }
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    split[tid === String(pid) ? "main" : name.startsWith("libuv-worker") ? "pool" : "other"] += statCpuMs(stat);
  }
  return split;
}

/** What each kind of thread spent between two readings. */
export function threadCpuBetween(before: ThreadCpu, after: ThreadCpu): ThreadCpu {
  return { main: after.main - before.main, pool: after.pool - before.pool, other: after.other - before.other };
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
