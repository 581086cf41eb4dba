import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, database, type Database } from "./index";
import { MigrationError, migrateDatabase, readMigrations, type Migration } from "./migrate";

async function rawRows<T>(target: Database, sql: string): Promise<T[]> {
  return target.prisma.$queryRawUnsafe<T[]>(sql);
}

/** Migrations the tests add are named 9999…; each test starts without them, whatever ran before it. */
async function forgetTestMigrations(): Promise<void> {
  for (const table of ["probe", "raced", "half_done", "unknown_here"])
    await database().prisma.$executeRawUnsafe(`DROP TABLE IF EXISTS ${table}`);
  await database().prisma.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE migration_name LIKE '9999%'`);
}

describe("migrations", () => {
  afterEach(forgetTestMigrations);

  it("records every migration of prisma/migrations in _prisma_migrations with Prisma's checksum", async () => {
    const migrations = await readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const rows = await rawRows<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      database(),
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((row) => row.migration_name)).toEqual(migrations.map((migration) => migration.name));
    for (const [index, row] of rows.entries()) {
      const migration = migrations[index]!;
      expect(row.checksum).toBe(createHash("sha256").update(migration.sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    const tables = await rawRows<{ table_name: string }>(
      database(),
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((table) => table.table_name)).toEqual(
      expect.arrayContaining([
        "users",
        "sessions",
        "tokens",
        "outbox_emails",
        "rate_limits",
        "security_events",
        "accounts",
        "verification_tokens",
      ]),
    );
  });

  it("does nothing on a second run", async () => {
    expect(await migrateDatabase()).toEqual([]);
  });

  it("refuses a migration edited after it was applied, naming it", async () => {
    const migrations = await readMigrations();
    const edited: Migration[] = migrations.map((migration, index) =>
      index === 0 ? { ...migration, sql: `${migration.sql}\n-- edited`, checksum: "0".repeat(64) } : migration,
    );
    await expect(migrateDatabase(database(), edited)).rejects.toThrow(MigrationError);
    await expect(migrateDatabase(database(), edited)).rejects.toThrow(/was edited after it was applied/);
  });

  it("applies a new migration once and leaves nothing behind when one fails", async () => {
    const migrations = await readMigrations();
    const added: Migration = { name: "99990101000000_probe", sql: `CREATE TABLE probe (id INT);`, checksum: "a".repeat(64) };
    expect(await migrateDatabase(database(), [...migrations, added])).toEqual(["99990101000000_probe"]);
    expect(await migrateDatabase(database(), [...migrations, added])).toEqual([]);

    const broken: Migration = {
      name: "99990102000000_broken",
      sql: `CREATE TABLE half_done (id INT); SELECT * FROM table_that_does_not_exist;`,
      checksum: "b".repeat(64),
    };
    await expect(migrateDatabase(database(), [...migrations, added, broken])).rejects.toThrow(/99990102000000_broken failed/);
    const leftovers = await rawRows<{ n: number }>(
      database(),
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'half_done'`,
    );
    expect(leftovers[0]?.n).toBe(0);
    const recorded = await rawRows<{ n: number }>(
      database(),
      `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '99990102000000_broken'`,
    );
    expect(recorded[0]?.n).toBe(0);
  });

  it("refuses a database that has a migration this code does not know", async () => {
    const migrations = await readMigrations();
    const newer: Migration = { name: "99990104000000_newer", sql: `CREATE TABLE unknown_here (id INT);`, checksum: "d".repeat(64) };
    await migrateDatabase(database(), [...migrations, newer]);
    await expect(migrateDatabase(database(), migrations)).rejects.toThrow(/not in prisma\/migrations/);
  });

  it.runIf(process.env.SESAME_TEST_DB === "postgres")("lets two runners started at once apply each migration exactly once", async () => {
    const migrations = await readMigrations();
    const slow: Migration = {
      name: "99990103000000_slow",
      sql: `SELECT pg_sleep(0.3); CREATE TABLE raced (id INT);`,
      checksum: "c".repeat(64),
    };
    const list = [...migrations, slow];
    const url = database().url!;
    // Two independent handles, as two app instances would have.
    const first = { ...database() };
    const second = { ...database(), url };
    const results = await Promise.all([migrateDatabase(first, list), migrateDatabase(second, list)]);
    expect(results.flat()).toEqual(["99990103000000_slow"]);
    const rows = await rawRows<{ n: number }>(
      database(),
      `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '99990103000000_slow'`,
    );
    expect(rows[0]?.n).toBe(1);
    await closeDatabase();
  });
});
