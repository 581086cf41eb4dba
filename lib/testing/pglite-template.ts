import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "@/lib/db/migrate";

// Vitest's global set-up for the PGlite lane: a new PGlite runs initdb, about
// 5 s of WebAssembly, and every test file used to pay it before migrating. The
// database is made and migrated once here, and each file starts from a copy
// of it (lib/testing/setup-database.ts), which loads in about a second; the
// file still runs the migrator, which finds nothing to apply.

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function makePgliteTemplate(project: TestProject): Promise<void> {
  const pglite = new PGlite("memory://");
  await migrateDatabase({ kind: "pglite", pglite, prisma: undefined as never });
  const dump = await pglite.dumpDataDir("none");
  await pglite.close();
  const file = path.resolve(".data/test/pglite-template.tar");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", file);
}
