import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { generateRegistries } from "./scripts/generate-registries.mjs";

// The emails' and emailed links' registries are written from the tree (dev and build alike).
generateRegistries();

// The catalogues are compiled at build time, so browsers get a small message
// formatter instead of an ICU parser (next-intl's `precompile`).
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./lib/next/intl-request.ts",
  experimental: { messages: { path: "./messages", format: "json", locales: "infer", precompile: true } },
});

const nextConfig: NextConfig = {
  // PGlite loads its WebAssembly and data files relative to its own module
  // URL: bundled, it fails with "The path argument must be of type string".
  // The database drivers and the native argon2 binding stay as node modules.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
    "@node-rs/argon2",
    "prom-client",
    "pino",
    // panva's OpenID provider (lib/oidc) and its Koa stack run as published.
    "oidc-provider",
  ],
  poweredByHeader: false,
  // The server compresses (server/compression.mjs): the same middleware, and
  // a page rendered at build time is gzipped once rather than per view.
  compress: false,
  // Pages live under app/[locale] (see proxy.ts): a URL matching no route gets
  // app/global-not-found.tsx, there being no layout above [locale].
  experimental: { globalNotFound: true },
  reactStrictMode: true,
  // Responses the proxy (proxy.ts) skips, Auth.js's endpoints and the icon
  // among them, get their security headers from the server (server/baseline-headers.mjs).
};

export default withNextIntl(nextConfig);
