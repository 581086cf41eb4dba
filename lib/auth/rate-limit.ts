import "server-only";
import { createHash } from "node:crypto";
import { db, Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";

// Fixed-window counters in the database, so every app instance shares them.
// One atomic upsert per request, whatever the number of checks; keys are
// digests, so the table holds no email or IP address. Owns: the rate_limits
// table; settings RATE_LIMIT_*.

export type LimitName = "signinIp" | "signinAccount" | "signupIp" | "emailIp" | "emailAddress";

function limitFor(name: LimitName): number {
  const e = env();
  switch (name) {
    case "signinIp":
      return e.RATE_LIMIT_SIGNIN_PER_IP;
    case "signinAccount":
      return e.RATE_LIMIT_SIGNIN_PER_ACCOUNT;
    case "signupIp":
      return e.RATE_LIMIT_SIGNUP_PER_IP;
    case "emailIp":
      return e.RATE_LIMIT_EMAIL_PER_IP;
    case "emailAddress":
      return e.RATE_LIMIT_EMAIL_PER_ADDRESS;
  }
}

function keyFor(name: LimitName, subject: string): string {
  return `${name}:${createHash("sha256").update(subject.toLowerCase()).digest("base64url")}`;
}

/** Counts one attempt; true when it is within the limit. */
export async function allowAttempt(name: LimitName, subject: string): Promise<boolean> {
  return allowAll([[name, subject]]);
}

/**
 * Checks several limits in one statement; every one is counted, so probing
 * one cannot dodge another. Rows are taken in key order, so two requests
 * counting the same keys cannot deadlock.
 */
export async function allowAll(checks: [LimitName, string][]): Promise<boolean> {
  const limits = new Map(checks.map(([name, subject]) => [keyFor(name, subject), limitFor(name)]));
  const keys = [...limits.keys()].sort();
  const windowMs = env().RATE_LIMIT_WINDOW_MINUTES * 60_000;
  const at = now();
  const windowFloor = new Date(at.getTime() - windowMs);
  const rows = await db.$queryRaw<{ key: string; count: number }[]>`
    INSERT INTO rate_limits (key, window_start, count)
    VALUES ${Prisma.join(keys.map((key) => Prisma.sql`(${key}, ${at}, 1)`))}
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limits.window_start <= ${windowFloor} THEN 1 ELSE rate_limits.count + 1 END,
      window_start = CASE WHEN rate_limits.window_start <= ${windowFloor} THEN ${at} ELSE rate_limits.window_start END
    RETURNING key, count`;
  return rows.length === keys.length && rows.every((row) => Number(row.count) <= (limits.get(row.key) ?? 0));
}

/** Drops windows that ended long ago (called by the background worker). */
export async function pruneRateLimits(): Promise<number> {
  const floor = new Date(now().getTime() - 24 * 3_600_000 - env().RATE_LIMIT_WINDOW_MINUTES * 60_000);
  const result = await db.rateLimit.deleteMany({ where: { windowStart: { lt: floor } } });
  return result.count;
}
