import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, inject, vi } from "vitest";
import { resetClock } from "@/lib/clock";
import { adoptPglite, closeDatabase, database } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrate";
import { resetEnvForTests } from "@/lib/env";

// Each test file gets a database of its own: an in-memory PGlite loaded from
// the migrated template (lib/testing/pglite-template.ts), or a new database,
// migrated from scratch, on the PostgreSQL server of TEST_DATABASE_URL
// (dropped afterwards).

const lane = process.env.SESAME_TEST_DB;
let createdDatabase: string | undefined;
/** process.env as this file's tests start, put back after them: the files of a worker share one process (vitest.config.ts). */
let envAtStart: Record<string, string | undefined> = {};

/** The variables whose value differs between two copies of process.env. */
function changedVariables(before: Record<string, string | undefined>, after: Record<string, string | undefined>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((name) => before[name] !== after[name]).sort();
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("The postgres lane needs TEST_DATABASE_URL");
  return url;
}

beforeAll(async () => {
  if (lane === "postgres") {
    createdDatabase = `sesame_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${createdDatabase}`);
    await admin.end();
    const url = new URL(adminUrl());
    url.pathname = `/${createdDatabase}`;
    process.env.DATABASE_URL = url.toString();
  } else {
    delete process.env.DATABASE_URL;
    process.env.DATA_DIR = "memory://";
  }
  resetEnvForTests();
  if (lane !== "postgres") {
    const template = new Blob([readFileSync(inject("pgliteTemplate"))]);
    adoptPglite(new PGlite({ loadDataDir: template }));
  }
  await migrateDatabase(database());
  envAtStart = { ...process.env };
});

afterAll(async () => {
  vi.useRealTimers();
  // Put back what this file's tests changed, for the next file of this worker.
  const changed = changedVariables(envAtStart, { ...process.env });
  for (const name of changed) {
    if (envAtStart[name] === undefined) delete process.env[name];
    else process.env[name] = envAtStart[name];
  }
  if (changed.length) resetEnvForTests();
  resetClock();
  await closeDatabase();
  if (createdDatabase) {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${createdDatabase} WITH (FORCE)`);
    await admin.end();
  }
});
