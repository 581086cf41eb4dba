import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env, isProduction } from "./env";
import { log } from "@/lib/observability/log";

// AUTH_SECRET encrypts session cookies. Production must set it; in
// development one is generated once and kept in the data directory, so that
// sessions survive restarts without any set-up.

let cached: string | undefined;

export function authSecret(): string {
  if (cached) return cached;
  const { AUTH_SECRET, DATA_DIR } = env();
  if (AUTH_SECRET) return (cached = AUTH_SECRET);
  if (isProduction()) {
    throw new Error("AUTH_SECRET is required in production. Generate one with: openssl rand -base64 33");
  }
  const dir = DATA_DIR.startsWith("memory://") ? path.resolve(".data") : path.resolve(DATA_DIR);
  const file = path.join(dir, "auth-secret");
  try {
    cached = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dir, { recursive: true });
    cached = randomBytes(33).toString("base64");
    writeFileSync(file, cached, { mode: 0o600 });
    log().info({ event: "auth.secret_generated", file }, "generated a development AUTH_SECRET");
  }
  return cached;
}
