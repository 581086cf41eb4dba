import "server-only";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { readMigrations } from "@/lib/db/migrate";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";

// What a load balancer or an orchestrator asks every second: may this
// instance take traffic? One small query (the applied migrations' names and
// the oldest due email, on the outbox's (status, next_attempt_at) index), no
// secret and no error text in the answer. Setting: HEALTH_MAIL_DELAY_SECONDS.

export type Check = "ok" | "unreachable" | "error" | "pending" | "late";

export type Readiness = {
  ready: boolean;
  database: Check;
  migrations: Check;
  mail: Check;
  /** Seconds since the oldest email due for delivery became due (0: none is waiting). */
  oldestDueEmailSeconds: number | null;
};

/** A probe that waits on a stuck database is no answer: past this it says "unreachable". */
const QUERY_BOUND_MS = 2_000;

let expected: Promise<string[]> | undefined;
/** The migrations this build ships (read from disk once per process). */
function expectedMigrations(): Promise<string[]> {
  expected ??= readMigrations().then((list) => list.map((migration) => migration.name));
  return expected;
}

type Row = { applied: string[] | null; oldest_due: Date | null };

async function query(at: Date): Promise<Row> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("health query timed out"), { code: "ETIMEDOUT" })), QUERY_BOUND_MS);
  });
  try {
    const [row] = await Promise.race([
      db.$queryRaw<Row[]>`
        SELECT
          (SELECT array_agg(migration_name) FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL) AS applied,
          (SELECT min(next_attempt_at) FROM outbox_emails WHERE status = 'pending' AND next_attempt_at <= ${at}) AS oldest_due`,
      bound,
    ]);
    return row!;
  } finally {
    clearTimeout(timer);
  }
}

/** Whether this instance can serve: database reachable, every migration applied, the deliverer keeping up. */
export async function checkReadiness(): Promise<Readiness> {
  const at = now();
  let row: Row;
  try {
    row = await query(at);
  } catch (error) {
    const database: Check = isDatabaseUnavailable(error) ? "unreachable" : "error";
    return { ready: false, database, migrations: "error", mail: "error", oldestDueEmailSeconds: null };
  }
  const applied = new Set(row.applied ?? []);
  const migrations: Check = (await expectedMigrations()).every((name) => applied.has(name)) ? "ok" : "pending";
  const oldestDueEmailSeconds = row.oldest_due ? Math.max(0, Math.round((at.getTime() - row.oldest_due.getTime()) / 1000)) : 0;
  const mail: Check = oldestDueEmailSeconds > env().HEALTH_MAIL_DELAY_SECONDS ? "late" : "ok";
  return { ready: migrations === "ok" && mail === "ok", database: "ok", migrations, mail, oldestDueEmailSeconds };
}

/** Tests only: forget the migrations read from disk. */
export function resetHealthForTests(): void {
  expected = undefined;
}
