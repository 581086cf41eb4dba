// Shared by the benchmark and the load script: a throw-away PostgreSQL
// database, the production server's environment, and its resident memory.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";

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
    APP_URL: base,
    MAIL_TRANSPORT: "outbox",
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
  const children = (() => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  })();
  const own = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  return own + children.reduce((sum, child) => sum + residentMb(child), 0);
}
