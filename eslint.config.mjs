import { readdirSync } from "node:fs";
import path from "node:path";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const root = import.meta.dirname;

// Which way dependencies point (README, "Architecture"). Each entry may import
// the entries above it and never those below: server/ (the HTTP server, plain
// Node) imports nothing of ours; then lib/'s browser-safe modules, the email
// templates (emails/), the server's infrastructure, the rules, the layers that
// serve requests; components/ then app/. Tests (*.test.ts) and lib/testing/ may reach across
// (nothing imports a test); nothing else imports lib/testing/, scripts/,
// bench/ or e2e/.
const layers = [
  "server",
  // Browser-safe: what a "use client" module may import from lib/.
  "lib/clock.ts",
  "lib/flows.ts",
  "lib/i18n",
  "lib/validation",
  // The email templates: props in, markup out; they read the catalogues
  // through lib/i18n and nothing of the server (lib/mail renders and sends them).
  "emails",
  // Server-only from here on.
  "lib/env.ts",
  "lib/db",
  "lib/observability",
  "lib/auth-secret.ts",
  "lib/request",
  "lib/rate-limit.ts",
  "lib/mail",
  "lib/auth",
  "lib/oidc",
  "lib/support",
  "lib/privacy",
  "lib/retention.ts",
  "lib/monitoring",
  "lib/headers",
  "lib/next",
  "lib/server-start.ts",
  "components",
  "app",
];
const browserSafe = ["lib/clock.ts", "lib/flows.ts", "lib/i18n", "lib/validation"];
const testsOnly = ["lib/testing"];
const entryPoints = ["proxy.ts", "instrumentation.ts", "scripts", "bench", "e2e"];

// A new entry of lib/ must take its place above, or the rule would not see it.
const unplaced = readdirSync(path.join(root, "lib"), { withFileTypes: true })
  .filter(
    (entry) => !entry.name.endsWith(".test.ts") && !(entry.isDirectory() && readdirSync(path.join(root, "lib", entry.name)).length === 0),
  )
  .map((entry) => entry.name)
  .filter((name) => ![...layers, ...testsOnly].includes(`lib/${name}`));
if (unplaced.length > 0) throw new Error(`eslint.config.mjs: place ${unplaced.map((e) => `lib/${e}`).join(", ")} in \`layers\``);

const layerZones = layers.slice(0, -1).map((target, index) => ({
  target,
  from: layers.slice(index + 1),
  // The generated Prisma enums are plain constants: lib/flows.ts checks its purposes against them.
  except: target === "lib/flows.ts" ? ["./generated/enums.ts"] : [],
  message: `${target} imports only what \`layers\` in eslint.config.mjs lists before it: dependencies point one way.`,
}));

/** "use client" modules import from lib/ only its browser-safe entries. */
const browserImports = {
  meta: { type: "problem", schema: [] },
  create(context) {
    const [first] = context.sourceCode.ast.body;
    if (first?.type !== "ExpressionStatement" || first.directive !== "use client") return {};
    const check = (source) => {
      if (source?.type !== "Literal" || typeof source.value !== "string") return;
      const spec = source.value;
      // The first visit's weight (issue 36): next/link and next-intl's client runtime are lighter as our own.
      const lighter = { "next/link": "@/components/app-link", "next-intl": "@/lib/i18n/client" }[spec];
      if (lighter) {
        context.report({
          node: source,
          message: `A "use client" module imports ${lighter} rather than "${spec}" (first-load JavaScript).`,
        });
        return;
      }
      let target;
      if (spec.startsWith("@/")) target = spec.slice(2);
      else if (spec.startsWith(".")) target = path.relative(root, path.resolve(path.dirname(context.filename), spec));
      else return;
      if (!target.startsWith("lib/")) return;
      const safe = browserSafe.some((entry) => [entry, entry.replace(/\.ts$/, "")].includes(target) || target.startsWith(`${entry}/`));
      if (!safe) {
        context.report({
          node: source,
          message: `"${spec}" is server-only: a "use client" module imports from lib/ only ${browserSafe.join(", ")}.`,
        });
      }
    };
    return {
      ImportDeclaration: (node) => node.importKind !== "type" && check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "lib/db/generated/**",
      "**/*.generated.ts",
      "test-results/**",
      "playwright-report/**",
      ".data/**",
      "next-env.d.ts",
    ],
  },
  {
    files: ["**/*.{js,jsx,mjs,ts,tsx}"],
    ignores: ["**/*.test.ts", "lib/testing/**"],
    plugins: { sesame: { rules: { "browser-imports": browserImports } } },
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          basePath: root,
          zones: [
            ...layerZones,
            { target: layers, from: testsOnly, message: "lib/testing/ is for tests only." },
            { target: [...layers, ...testsOnly], from: entryPoints, message: "Entry points and tools import the app, never the reverse." },
          ],
        },
      ],
      "sesame/browser-imports": "error",
    },
  },
  {
    // What a browser may load holds nothing that only runs on a server (lib/env.ts: the classic zod API stays there too).
    files: browserSafe.map((entry) => (entry.endsWith(".ts") ? entry : `${entry}/**`)),
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["server-only", "next/headers", "next/server", "next-intl/server", "zod"].map((name) => ({
            name,
            message: "This folder is browser-safe: client components import it.",
          })),
          patterns: [{ group: ["node:*"], message: "This folder is browser-safe: client components import it." }],
        },
      ],
    },
  },
];

export default config;
