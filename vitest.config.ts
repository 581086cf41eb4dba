import path from "node:path";
import { defineConfig } from "vitest/config";
import { generateRegistries } from "./scripts/generate-registries.mjs";

// The emails' and emailed links' registries are written from the tree.
generateRegistries();

// Two lanes: every test runs on the embedded PGlite; when TEST_DATABASE_URL
// points at a PostgreSQL server (CI sets it), the same tests run there too.
const root = path.dirname(new URL(import.meta.url).pathname);
const shared = {
  resolve: {
    alias: {
      "@": root,
      "server-only": path.join(root, "lib/testing/empty-module.ts"),
    },
  },
};

const lane = (name: "pglite" | "postgres") => ({
  ...shared,
  test: {
    name,
    include: ["lib/**/*.test.ts", "emails/**/*.test.ts", "components/**/*.test.ts", "server/**/*.test.ts"],
    setupFiles: ["lib/testing/setup-database.ts"],
    globalSetup: name === "pglite" ? ["lib/testing/pglite-template.ts"] : [],
    env: {
      SESAME_TEST_DB: name,
      NODE_ENV: "test" as const,
      MAIL_TRANSPORT: "outbox",
      APP_URL: "http://localhost:3000",
      LOG_LEVEL: "silent",
      // Nothing reaches the internet; the breach check's own tests turn it on against a local fake.
      PWNED_PASSWORDS: "off",
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  ...shared,
  test: {
    // Vitest leaves one core free by default, which on a 2-core machine means
    // one file at a time; each file has a database of its own, so two run side by side.
    maxWorkers: 2,
    projects: process.env.TEST_DATABASE_URL ? [lane("pglite"), lane("postgres")] : [lane("pglite")],
  },
});
