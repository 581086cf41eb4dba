// Runs `prisma generate` as part of install, offline.
// npm 11 may skip dependency install scripts, so we generate from our own
// postinstall and check the client really exists afterwards. Prisma's native
// schema engine cannot be downloaded offline; generate does not use it, but
// the CLI wants the variable to point somewhere.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const result = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
  cwd: root,
  env,
  stdio: "inherit",
});
if (result.status !== 0) {
  console.error("prisma generate failed (exit " + result.status + ")");
  process.exit(1);
}
if (!existsSync(new URL("../lib/db/generated/client.ts", import.meta.url))) {
  console.error("prisma generate ran but lib/db/generated/client.ts is missing");
  process.exit(1);
}
