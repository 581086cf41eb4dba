import "server-only";
import { db, Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { renderEmail, isTemplateName, type TemplateProps } from "@/emails";
import { deliver, type DeliveryResult, type OutgoingEmail } from "./transport";
import { activeTransport } from "./transport-choice";
import { countDelivery } from "@/lib/observability/metrics";
import { log } from "@/lib/observability/log";

// The deliverer: claims due rows, sends them, records the outcome. Claiming
// moves next_attempt_at forward by a lease under FOR UPDATE SKIP LOCKED, so
// several app instances never send the same row at once, and a process that
// dies mid-send leaves the row to be picked up again when the lease ends
// (with the same idempotency key, so Resend drops the duplicate).

const BATCH = 20;

type WorkerState = {
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  again?: boolean;
  /** A periodic pass is due: it also runs `beforePass`. */
  sweepDue?: boolean;
  stopping?: boolean;
  /** Work that queues emails and must survive a crash (accepted requests left behind), run before each periodic pass. */
  beforePass?: () => Promise<unknown>;
};
const globalForWorker = globalThis as unknown as { sesameMailWorker?: WorkerState };
const worker = (globalForWorker.sesameMailWorker ??= {});
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
async function deliverWithin(row: OutgoingEmail, ms: number): Promise<DeliveryResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DeliveryResult>((resolve) => {
    timer = setTimeout(() => resolve({ status: "retry", error: `no answer from the provider within ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([deliver(row), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type ClaimedRow = {
  id: string;
  to: string;
  subject: string;
  template: string;
  props: unknown;
  html: string | null;
  text: string | null;
  attempts: number;
  created_at: Date;
  /** On the suppression list when claimed: a mailbox that refused us for good, or called us spam, gets nothing more (support can lift it). */
  suppressed: boolean;
};

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
    RETURNING id, "to", subject, template, props, html, text, attempts, created_at,
      EXISTS (SELECT 1 FROM suppressed_addresses s WHERE s.email = outbox_emails."to") AS suppressed`;
}

/** The email as it goes out: rendered now from its props (or, queued before props were kept, as stored). */
async function contentOf(row: ClaimedRow): Promise<OutgoingEmail | string> {
  if (row.props && isTemplateName(row.template)) {
    try {
      const { html, text } = await renderEmail(row.template, row.props as TemplateProps<typeof row.template>);
      return { id: row.id, to: row.to, subject: row.subject, html, text };
    } catch (error) {
      return `cannot render ${row.template}: ${(error as Error).message}`;
    }
  }
  if (row.html !== null && row.text !== null) return { id: row.id, to: row.to, subject: row.subject, html: row.html, text: row.text };
  return "no content to send";
}

/**
 * What a final email keeps. Its props carry its links (live tokens among
 * them): once it is sent or given up on, they go, so the outbox holds no
 * usable link. The development mailbox is where outbox-transport emails
 * are read, so they keep theirs.
 */
function finalContent(): Prisma.OutboxEmailUpdateInput {
  return activeTransport() === "outbox" ? {} : { props: Prisma.DbNull, html: null, text: null };
}

async function recordOutcome(row: ClaimedRow, result: DeliveryResult | "suppressed"): Promise<void> {
  const at = now();
  if (result === "suppressed") {
    await db.outboxEmail.update({
      where: { id: row.id },
      data: { status: "failed", delivery: "suppressed", deliveryAt: at, lastError: "address on the suppression list", ...finalContent() },
    });
    countDelivery("suppressed");
    return;
  }
  if (result.status === "ok") {
    // The outbox transport's mailbox is the recipient's: the email is there now.
    const delivery = activeTransport() === "outbox" ? "delivered" : "sent";
    await db.outboxEmail.update({
      where: { id: row.id },
      data: {
        status: "sent",
        sentAt: at,
        providerId: result.providerId ?? null,
        lastError: null,
        delivery,
        deliveryAt: at,
        ...finalContent(),
      },
    });
    countDelivery("sent");
    log().info({ event: "mail.delivery", emailId: row.id, template: row.template, result: "sent", attempts: row.attempts }, "email sent");
    return;
  }
  const giveUpAt = row.created_at.getTime() + env().MAIL_RETRY_HOURS * 3_600_000;
  const next = at.getTime() + retryDelayMs(row.attempts);
  const failed = result.status === "permanent" || next > giveUpAt;
  await db.outboxEmail.update({
    where: { id: row.id },
    data: failed
      ? { status: "failed", delivery: "failed", deliveryAt: at, lastError: result.error.slice(0, 2000), ...finalContent() }
      : { nextAttemptAt: new Date(next), lastError: result.error.slice(0, 2000) },
  });
  countDelivery(failed ? "failed" : "retry");
  log().warn(
    { event: "mail.delivery", emailId: row.id, result: failed ? "failed" : "retry", attempts: row.attempts, error: result.error },
    failed ? "delivery failed for good" : "delivery will be retried",
  );
}

/**
 * Gives back the leases of claimed rows this process will not send (it is
 * stopping), so that another instance takes them now rather than when the
 * lease ends; they were not attempted, so their attempt is not counted.
 */
async function releaseLeases(rows: ClaimedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((row) => row.id);
  await db.$executeRaw`
    UPDATE outbox_emails SET next_attempt_at = ${now()}, attempts = attempts - 1
    WHERE id = ANY(${ids}::uuid[]) AND status = 'pending'`;
  log().info({ event: "mail.leases_released", count: ids.length }, "gave back the emails it will not send");
}

/** One pass: sends what is due (a stopping deliverer finishes the email in hand and gives back the rest). Returns how many rows it handled. */
export async function deliverDue(limit = BATCH): Promise<number> {
  const rows = await claimDue(limit);
  for (const [index, row] of rows.entries()) {
    if (worker.stopping) {
      await releaseLeases(rows.slice(index));
      break;
    }
    if (row.suppressed) {
      await recordOutcome(row, "suppressed");
      continue;
    }
    const email = await contentOf(row);
    // An email that cannot be rendered never will be: failed for good, not retried.
    const result =
      typeof email === "string" ? ({ status: "permanent", error: email } as const) : await deliverWithin(email, env().MAIL_LEASE_MS / 2);
    await recordOutcome(row, result);
  }
  return rows.length;
}

/**
 * Passes until nothing new was queued meanwhile. Only the periodic one looks
 * for work left behind: what a crash leaves is found within a tick either
 * way, and a pass woken for a fresh email (one per new-browser sign-in, at
 * peak dozens a second) would otherwise spend two more queries on it.
 */
async function drain(): Promise<void> {
  do {
    worker.again = false;
    const sweep = worker.sweepDue;
    worker.sweepDue = false;
    try {
      if (sweep) await worker.beforePass?.();
      while ((await deliverDue()) === BATCH && !worker.stopping) {
        // a full batch: there may be more
      }
    } catch (error) {
      log().error({ event: "mail.pass_failed", err: error }, "deliverer pass failed");
    }
  } while (worker.again && !worker.stopping);
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
  setTimeout(() => void runPass(false), 5);
}

function runPass(periodic: boolean): Promise<void> {
  if (periodic) worker.sweepDue = true;
  // A tick during a woken pass still gets its sweep, right after it.
  if (worker.running) {
    worker.again ||= periodic;
    return worker.running;
  }
  worker.running = drain().finally(() => {
    worker.running = undefined;
  });
  return worker.running;
}

/** Starts the in-process deliverer (once per process); `beforePass` runs at the start of every periodic pass. */
export function startDeliverer(options: { beforePass?: () => Promise<unknown> } = {}): void {
  if (worker.timer) return;
  worker.stopping = false;
  worker.beforePass = options.beforePass;
  worker.timer = setInterval(() => void runPass(true), env().MAIL_POLL_MS);
  worker.timer.unref();
  void runPass(true);
}

/** Stops the deliverer (graceful stop): the email being sent finishes, the rest of its batch is given back. */
export async function stopDeliverer(): Promise<void> {
  worker.stopping = true;
  if (worker.timer) clearInterval(worker.timer);
  worker.timer = undefined;
  await worker.running;
}

export type OutboxStats = { byStatus: Record<"pending" | "sent" | "failed", number>; oldestPendingSeconds: number };

/** How many rows the outbox holds by state, and how long the oldest unsent one has waited (metrics, at scrape). */
export async function outboxStats(): Promise<OutboxStats> {
  const rows = await db.$queryRaw<{ status: "pending" | "sent" | "failed"; n: number; oldest: Date | null }[]>`
    SELECT status::text AS status, count(*)::int AS n, min(created_at) FILTER (WHERE status = 'pending') AS oldest
    FROM outbox_emails GROUP BY status`;
  const byStatus = { pending: 0, sent: 0, failed: 0 };
  let oldestPendingSeconds = 0;
  for (const row of rows) {
    byStatus[row.status] = Number(row.n);
    if (row.oldest) oldestPendingSeconds = Math.max(0, (now().getTime() - row.oldest.getTime()) / 1000);
  }
  return { byStatus, oldestPendingSeconds };
}
