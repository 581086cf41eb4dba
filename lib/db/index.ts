import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { PrismaClient } from "./generated/client";

// One database handle per process, kept on globalThis so that `next dev` hot
// reloads and several module graphs (instrumentation, routes) share it: two
// PGlite instances on one data directory would corrupt it.

export type DatabaseKind = "pglite" | "postgres";

export type Database = {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** The in-process engine, when the database is embedded. */
  pglite?: PGlite;
  /** Connection string, when the database is a PostgreSQL server. */
  url?: string;
};

const globalForDb = globalThis as unknown as { sesameDatabase?: Database };

function pgliteDataDir(): string {
  const { DATA_DIR } = env();
  if (DATA_DIR.startsWith("memory://")) return DATA_DIR;
  const dir = path.resolve(DATA_DIR, "pglite");
  mkdirSync(dir, { recursive: true });
  return dir;
}

function openDatabase(): Database {
  const { DATABASE_URL } = env();
  if (DATABASE_URL) {
    const adapter = new PrismaPg({ connectionString: DATABASE_URL, max: 10 });
    return { kind: "postgres", prisma: new PrismaClient({ adapter }), url: DATABASE_URL };
  }
  const pglite = new PGlite(pgliteDataDir());
  return { kind: "pglite", prisma: new PrismaClient({ adapter: new PrismaPGlite(pglite) }), pglite };
}

export function database(): Database {
  globalForDb.sesameDatabase ??= openDatabase();
  return globalForDb.sesameDatabase;
}

/** Tests: serve this embedded engine (a copy of a migrated template) until the handle is closed. */
export function adoptPglite(pglite: PGlite): void {
  globalForDb.sesameDatabase = { kind: "pglite", prisma: new PrismaClient({ adapter: new PrismaPGlite(pglite) }), pglite };
}

/** Closes the handle (scripts and tests); the next call to database() opens a new one. */
export async function closeDatabase(): Promise<void> {
  const current = globalForDb.sesameDatabase;
  globalForDb.sesameDatabase = undefined;
  if (!current) return;
  await current.prisma.$disconnect();
  await current.pglite?.close();
}

/** The Prisma client. Only lib/ imports this. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = database().prisma;
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export type { PrismaClient };
export { Prisma } from "./generated/client";
