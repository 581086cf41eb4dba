import "server-only";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { pruneChallenges } from "@/lib/auth/passkeys/challenges";
import { pruneRateLimits } from "./rate-limit";
import { log } from "@/lib/observability/log";
import { eraseDueAccounts } from "@/lib/privacy/erasure";
import { applyDueRecoveries } from "@/lib/auth/lost-mailbox";
import { purgeExpiredOidcRecords } from "@/lib/auth/oidc/store";

// What Sésame keeps, and for how long. One pass deletes what has outlived
// its use: expired sessions, tokens long used or expired, final emails, old
// journal entries, rate-limit windows that ended, lock paths that hold
// nothing, passkey challenges nobody answered. Each instance runs it every RETENTION_INTERVAL_MINUTES; a
// transaction-scoped advisory lock lets one instance at a time do it (the
// others skip), and works through a transaction-pooling connection pooler.
// Settings: RETENTION_* (README).

/** The key of the pass's advisory lock (Prisma Migrate's is 72707369). */
const RETENTION_LOCK_KEY = 72707370;
const DAY_MS = 86_400_000;

export type RetentionReport = {
  sessions: number;
  tokens: number;
  emails: number;
  events: number;
  rateLimits: number;
  lockPaths: number;
  passkeyChallenges: number;
  /** The OIDC provider's rows past their expiry (lib/auth/oidc/store.ts, which already ignores them). */
  oidcRecords: number;
};

/** One pass; null when another instance holds the pass right now. */
export async function runRetentionPass(): Promise<RetentionReport | null> {
  const e = env();
  const at = now();
  const before = (days: number) => new Date(at.getTime() - days * DAY_MS);
  return db
    .$transaction(
      async (tx) => {
        const [{ locked }] = await tx.$queryRaw<[{ locked: boolean }]>`SELECT pg_try_advisory_xact_lock(${RETENTION_LOCK_KEY}) AS locked`;
        if (!locked) return null;
        const sessions = await tx.session.deleteMany({ where: { expires: { lt: at } } });
        const tokens = await tx.token.deleteMany({
          where: { OR: [{ usedAt: { lt: before(e.RETENTION_TOKENS_DAYS) } }, { expiresAt: { lt: before(e.RETENTION_TOKENS_DAYS) } }] },
        });
        const emails = await tx.outboxEmail.deleteMany({
          where: { status: { in: ["sent", "failed"] }, createdAt: { lt: before(e.RETENTION_EMAILS_DAYS) } },
        });
        // Provider events are kept as long as the emails they describe: Resend retries for days, not months.
        await tx.emailEvent.deleteMany({ where: { receivedAt: { lt: before(e.RETENTION_EMAILS_DAYS) } } });
        const events = await tx.securityEvent.deleteMany({ where: { createdAt: { lt: before(e.RETENTION_JOURNAL_DAYS) } } });
        // A path with no failure and no lock says nothing the absence of a row does not; a device path outlives its device only by accident.
        const lockPaths = await tx.$executeRaw`
        DELETE FROM lock_paths l
        WHERE (l.failed_attempts = 0 AND l.locked_at IS NULL AND l.updated_at < ${before(1)}::timestamp)
           OR (l.path LIKE 'device:%' AND NOT EXISTS (SELECT 1 FROM known_devices d WHERE 'device:' || d.id::text = l.path))`;
        const passkeyChallenges = await pruneChallenges(tx);
        return {
          sessions: sessions.count,
          tokens: tokens.count,
          emails: emails.count,
          events: events.count,
          rateLimits: 0,
          lockPaths,
          passkeyChallenges,
          oidcRecords: 0,
        };
      },
      { timeout: 120_000, maxWait: 10_000 },
    )
    .then(async (report) =>
      report ? { ...report, rateLimits: await pruneRateLimits(), oidcRecords: await purgeExpiredOidcRecords() } : null,
    );
}

type RetentionState = { timer?: NodeJS.Timeout };
const globalForRetention = globalThis as unknown as { sesameRetention?: RetentionState };
const state = (globalForRetention.sesameRetention ??= {});

/** Runs the pass every RETENTION_INTERVAL_MINUTES (first one a random moment within the first interval, so instances started together do not meet). */
export function startRetention(): void {
  if (state.timer) return;
  const every = env().RETENTION_INTERVAL_MINUTES * 60_000;
  const run = () => {
    runRetentionPass()
      .then((report) => {
        if (report && Object.values(report).some(Boolean)) log().info({ event: "retention.pass", removed: report }, "retention pass");
      })
      .catch((error: unknown) => log().error({ event: "retention.failed", err: error }, "retention pass failed"));
    // Closed accounts whose grace period has ended (lib/privacy/erasure.ts): each claimed by one instance.
    eraseDueAccounts()
      .then((erased) => {
        if (erased > 0) log().info({ event: "erasure.pass", erased }, "closed accounts erased");
      })
      .catch((error: unknown) => log().error({ event: "erasure.failed", err: error }, "erasure pass failed"));
    // Recovery requests whose wait has ended (lib/auth/lost-mailbox.ts): each claimed by one instance.
    applyDueRecoveries()
      .then((applied) => {
        if (applied > 0) log().info({ event: "recovery.pass", applied }, "recovery requests applied");
      })
      .catch((error: unknown) => log().error({ event: "recovery.failed", err: error }, "recovery pass failed"));
  };
  state.timer = setTimeout(
    function tick() {
      run();
      state.timer = setTimeout(tick, every);
      state.timer.unref();
    },
    Math.floor(Math.random() * every),
  );
  state.timer.unref();
}

export function stopRetention(): void {
  if (state.timer) clearTimeout(state.timer);
  state.timer = undefined;
}
