// npm run db:migrate: applies pending migrations to the configured database
// (DATABASE_URL, else the embedded PGlite under DATA_DIR).
import { closeDatabase, database } from "@/lib/db";
import { MigrationError, migrateDatabase } from "@/lib/db/migrate";

try {
  const applied = await migrateDatabase();
  console.info(`${database().kind}: ${applied.length ? `applied ${applied.join(", ")}` : "already up to date"}`);
} catch (error) {
  console.error(error instanceof MigrationError ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
