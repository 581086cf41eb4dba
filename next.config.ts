import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

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
  ],
  poweredByHeader: false,
  async headers() {
    // Pages whose URL carries a token: never sent on as a Referer, never cached.
    const tokenPage = [
      { key: "Referrer-Policy", value: "no-referrer" },
      { key: "Cache-Control", value: "no-store, max-age=0" },
    ];
    return [
      { source: "/reinitialisation/:token*", headers: tokenPage },
      { source: "/confirmation/:token*", headers: tokenPage },
      { source: "/deverrouillage/:token*", headers: tokenPage },
    ];
  },
  reactStrictMode: true,
};

export default withNextIntl(nextConfig);
