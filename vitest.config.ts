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

// Test files share their worker's modules (isolate: false): importing the
// app's modules in every file was half of each lane's time. Each file's
// changes to process.env are put back after it (lib/testing/setup-database.ts).
// The files below change what a process holds beyond that (module mocks, the
// metrics registry, the breached-password cache, the OpenID provider and its
// keys, the mail worker, the flows' registry), so each of them runs in a
// process of its own, in the lane's ":isolated" project.
const isolatedFiles = [
  "lib/auth/breached-passwords.test.ts",
  "lib/auth/email-link.test.ts",
  "lib/mail/delivery.test.ts",
  "lib/mail/outbox.test.ts",
  "lib/next/current-user.test.ts",
  "lib/next/form-action.test.ts",
  "lib/observability/metrics.test.ts",
  "lib/oidc/keys.test.ts",
  "lib/oidc/provider.test.ts",
];

const settings = (lane: "pglite" | "postgres", isolated: boolean) => ({
  setupFiles: ["lib/testing/setup-database.ts"],
  globalSetup: lane === "pglite" ? ["lib/testing/pglite-template.ts"] : [],
  env: {
    SESAME_TEST_DB: lane,
    SESAME_TEST_ISOLATED: isolated ? "1" : "",
    NODE_ENV: "test" as const,
    MAIL_TRANSPORT: "outbox",
    APP_URL: "http://localhost:3000",
    LOG_LEVEL: "silent",
    // Nothing reaches the internet; the breach check's own tests turn it on against a local fake.
    PWNED_PASSWORDS: "off",
  },
  testTimeout: 30_000,
  hookTimeout: 60_000,
});

const include = ["lib/**/*.test.ts", "emails/**/*.test.ts", "components/**/*.test.ts", "server/**/*.test.ts"];

/** A lane's two projects: `pglite` and `pglite:isolated`, or `postgres` and `postgres:isolated`. */
const lane = (name: "pglite" | "postgres") => [
  { ...shared, test: { name, include, exclude: isolatedFiles, isolate: false, ...settings(name, false) } },
  { ...shared, test: { name: `${name}:isolated`, include: isolatedFiles, isolate: true, ...settings(name, true) } },
];

export default defineConfig({
  ...shared,
  test: {
    // Vitest leaves one core free by default, which on a 2-core machine means
    // one file at a time; each file has a database of its own, so two run side by side.
    maxWorkers: 2,
    projects: process.env.TEST_DATABASE_URL ? [...lane("pglite"), ...lane("postgres")] : lane("pglite"),
  },
});
