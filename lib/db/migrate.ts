import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import { env } from "@/lib/env";
import { database, type Database } from "./index";

// Applies prisma/migrations/*/migration.sql ourselves, because Prisma Migrate
// needs a native schema engine that cannot be fetched offline. Each applied
// migration is recorded in Prisma's own `_prisma_migrations` table, with the
// same checksum (sha256 hex of migration.sql), so that `prisma migrate deploy`
// on a connected machine sees it as applied.

/** Prisma Migrate's own advisory lock key: our runner and Prisma's exclude each other. */
const ADVISORY_LOCK_KEY = 72707369;

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export type Migration = { name: string; sql: string; checksum: string };

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** What a migration run needs from a connection: one session, statements in order. */
type Session = {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(script: string): Promise<void>;
};

export function migrationsDir(): string {
  return path.resolve(process.cwd(), "prisma", "migrations");
}

export async function readMigrations(dir = migrationsDir()): Promise<Migration[]> {
  const entries = await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

type AppliedRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

async function applyPending(session: Session, migrations: Migration[]): Promise<string[]> {
  await session.exec(MIGRATIONS_TABLE);
  const rows = await session.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  const applied = new Map(rows.map((row) => [row.migration_name, row]));
  const known = new Set(migrations.map((migration) => migration.name));

  for (const row of rows) {
    if (row.finished_at === null) {
      throw new MigrationError(
        `Migration ${row.migration_name} started but never finished. Fix the database by hand, then mark it rolled back (prisma migrate resolve --rolled-back ${row.migration_name}).`,
      );
    }
    if (!known.has(row.migration_name)) {
      throw new MigrationError(
        `The database has migration ${row.migration_name}, which is not in prisma/migrations: this code is older than the database.`,
      );
    }
  }

  const done: string[] = [];
  for (const migration of migrations) {
    const row = applied.get(migration.name);
    if (row) {
      if (row.checksum !== migration.checksum) {
        throw new MigrationError(
          `Migration ${migration.name} was edited after it was applied (checksum ${row.checksum} in the database, ${migration.checksum} on disk). Restore the original file and put the change in a new migration.`,
        );
      }
      continue;
    }
    // DDL is transactional in PostgreSQL: a failing migration leaves nothing behind.
    await session.exec("BEGIN");
    try {
      await session.exec(migration.sql);
      await session.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
         VALUES ($1, $2, now(), $3, NULL, now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      await session.exec("COMMIT");
    } catch (error) {
      await session.exec("ROLLBACK");
      throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
    }
    done.push(migration.name);
  }
  return done;
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Session-level lock: parallel instances wait here and then find nothing to do.
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    try {
      return await applyPending(
        {
          query: async (sql, params) => (await client.query(sql, params)).rows,
          exec: async (script) => {
            await client.query(script);
          },
        },
        migrations,
      );
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function migratePglite(pglite: PGlite, migrations: Migration[]): Promise<string[]> {
  // PGlite belongs to this process alone, so no lock is needed across
  // processes; within the process ensureMigrated() runs this once, before the
  // app serves anything.
  return applyPending(
    {
      query: async <T>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
      exec: async (script) => {
        await pglite.exec(script);
      },
    },
    migrations,
  );
}

/** Brings the database up to date; returns the names of the migrations it applied. */
export async function migrateDatabase(target: Database = database(), migrations?: Migration[]): Promise<string[]> {
  const list = migrations ?? (await readMigrations());
  // The advisory lock is held by a session: behind a transaction-pooling
  // pooler (PgBouncer), the lock and the statements would land on different
  // server connections, so migrations take the direct connection when there is one.
  if (target.kind === "postgres") return migratePostgres(env().DIRECT_DATABASE_URL ?? target.url!, list);
  return migratePglite(target.pglite!, list);
}

const globalForMigrations = globalThis as unknown as { sesameMigrated?: Promise<string[]> };

/** Migrates once per process (app start-up); later callers share the same run. */
export function ensureMigrated(): Promise<string[]> {
  globalForMigrations.sesameMigrated ??= migrateDatabase();
  return globalForMigrations.sesameMigrated;
}
