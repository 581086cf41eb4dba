import "server-only";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { deliver, type OutgoingEmail } from "./transport";

// The deliverer: claims due rows, sends them, records the outcome. Claiming
// moves next_attempt_at forward by a lease under FOR UPDATE SKIP LOCKED, so
// several app instances never send the same row at once, and a process that
// dies mid-send leaves the row to be picked up again when the lease ends
// (with the same idempotency key, so Resend drops the duplicate).

const BATCH = 20;
const MAX_RETRY_MS = 60 * 60_000;

/** Exponential backoff with jitter: 15 s, 30 s, 1 min, … (MAIL_RETRY_FIRST_MS) capped at one hour. */
export function retryDelayMs(attempt: number, random = Math.random): number {
  const base = Math.min(env().MAIL_RETRY_FIRST_MS * 2 ** Math.max(0, attempt - 1), MAX_RETRY_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * A provider that accepts the connection and never answers must not stall
 * the deliverer: a send is abandoned (and retried) at half the lease, well
 * before another instance may claim the row again.
 */
async function deliverWithin(row: OutgoingEmail, ms: number): Promise<Awaited<ReturnType<typeof deliver>>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Awaited<ReturnType<typeof deliver>>>((resolve) => {
    timer = setTimeout(() => resolve({ status: "retry", error: `no answer from the provider within ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([deliver(row), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type ClaimedRow = OutgoingEmail & { attempts: number; created_at: Date };

async function claimDue(limit: number): Promise<ClaimedRow[]> {
  const at = now();
  const leaseEnd = new Date(at.getTime() + env().MAIL_LEASE_MS);
  return db.$queryRaw<ClaimedRow[]>`
    UPDATE outbox_emails SET next_attempt_at = ${leaseEnd}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox_emails
      WHERE status = 'pending' AND next_attempt_at <= ${at}
      ORDER BY next_attempt_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, "to", subject, html, text, attempts, created_at`;
}

async function recordOutcome(row: ClaimedRow, result: Awaited<ReturnType<typeof deliver>>): Promise<void> {
  const at = now();
  if (result.status === "ok") {
    await db.outboxEmail.update({
      where: { id: row.id },
      data: { status: "sent", sentAt: at, providerId: result.providerId ?? null, lastError: null },
    });
    return;
  }
  const giveUpAt = row.created_at.getTime() + env().MAIL_RETRY_HOURS * 3_600_000;
  const next = at.getTime() + retryDelayMs(row.attempts);
  const failed = result.status === "permanent" || next > giveUpAt;
  await db.outboxEmail.update({
    where: { id: row.id },
    data: failed
      ? { status: "failed", lastError: result.error.slice(0, 2000) }
      : { nextAttemptAt: new Date(next), lastError: result.error.slice(0, 2000) },
  });
  console.warn(`[mail] delivery of ${row.id} ${failed ? "failed for good" : "will be retried"}: ${result.error}`);
}

/** One pass: sends what is due. Returns how many rows it handled. */
export async function deliverDue(limit = BATCH): Promise<number> {
  const rows = await claimDue(limit);
  for (const row of rows) {
    await recordOutcome(row, await deliverWithin(row, env().MAIL_LEASE_MS / 2));
  }
  return rows.length;
}

type WorkerState = { timer?: NodeJS.Timeout; running?: Promise<void>; again?: boolean };
const globalForWorker = globalThis as unknown as { sesameMailWorker?: WorkerState };
const worker = (globalForWorker.sesameMailWorker ??= {});

async function drain(): Promise<void> {
  do {
    worker.again = false;
    try {
      while ((await deliverDue()) === BATCH) {
        // a full batch: there may be more
      }
    } catch (error) {
      console.error(`[mail] deliverer pass failed: ${(error as Error).message}`);
    }
  } while (worker.again);
}

/** Runs a pass now, or right after the one in progress. */
export function wakeDeliverer(): void {
  if (!worker.timer) return;
  if (worker.running) {
    worker.again = true;
    return;
  }
  // After the caller's transaction commits: a macrotask later is enough for
  // the common case; the periodic tick catches the rest.
  setTimeout(() => void runPass(), 5);
}

function runPass(): Promise<void> {
  worker.running ??= drain().finally(() => {
    worker.running = undefined;
  });
  return worker.running;
}

/** Starts the in-process deliverer (once per process). */
export function startDeliverer(): void {
  if (worker.timer) return;
  worker.timer = setInterval(() => void runPass(), env().MAIL_POLL_MS);
  worker.timer.unref();
  void runPass();
}

export async function stopDeliverer(): Promise<void> {
  if (worker.timer) clearInterval(worker.timer);
  worker.timer = undefined;
  await worker.running;
}
