import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { log } from "./log";

// What GET /api/metrics exposes (Prometheus text format). Next may bundle
// this module more than once (route handlers, server actions, the start-up
// hook), so the registry and its metrics live once per process on globalThis:
// a sign-in counted by the /connexion action shows in the route's scrape.
// Hooks call the functions below, one line each, at the place that decides;
// each also writes the event's log line (server/log.mjs).

export type SignInOutcome = "ok" | "wrong" | "locked" | "rateLimited" | "unconfirmed";

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    signIns: new Counter({ name: "sesame_signins_total", help: "Password checks by outcome", labelNames: ["outcome"], registers }),
    signInSeconds: new Histogram({
      name: "sesame_signin_duration_seconds",
      help: "Time the sign-in chain takes, from the first read to its answer",
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    locks: new Counter({ name: "sesame_locks_total", help: "Locks set, by lock path kind", labelNames: ["cause"], registers }),
    unlocks: new Counter({ name: "sesame_unlocks_total", help: "Locks lifted, by cause", labelNames: ["cause"], registers }),
    rateLimited: new Counter({
      name: "sesame_rate_limited_total",
      help: "Requests refused by a rate limit, by the limit's bucket",
      labelNames: ["bucket"],
      registers,
    }),
    deliveries: new Counter({
      name: "sesame_email_deliveries_total",
      help: "Delivery attempts by this instance's deliverer, by result",
      labelNames: ["result"],
      registers,
    }),
    emailEvents: new Counter({
      name: "sesame_email_events_total",
      help: "Provider events about sent emails (webhook), by type and what they did",
      labelNames: ["type", "outcome"],
      registers,
    }),
    breachChecks: new Counter({
      name: "sesame_breach_checks_total",
      help: "Passwords looked up in the breached-password range API, by result",
      labelNames: ["result"],
      registers,
    }),
    emails: new Gauge({
      name: "sesame_outbox_emails",
      help: "Rows of the outbox by state (read at scrape)",
      labelNames: ["state"],
      registers,
    }),
    oldestPending: new Gauge({
      name: "sesame_outbox_oldest_pending_seconds",
      help: "Age of the oldest email not yet sent (read at scrape; 0 when none)",
      registers,
    }),
  };
}

type Metrics = ReturnType<typeof create>;
const KEY = Symbol.for("sesame.metrics");
const store = globalThis as unknown as Record<typeof KEY, Metrics | undefined>;

export function metrics(): Metrics {
  store[KEY] ??= create();
  return store[KEY];
}

const outcomeOf: Record<string, SignInOutcome> = {
  rateLimited: "rateLimited",
  locked: "locked",
  unconfirmed: "unconfirmed",
  invalidCredentials: "wrong",
  lastAttempt: "wrong",
};

/** Times one run of the sign-in chain and counts its outcome. */
export async function observeSignIn<T extends { ok: boolean; code?: string }>(run: () => Promise<T>): Promise<T> {
  const stop = metrics().signInSeconds.startTimer();
  let seconds = 0;
  const result = await run().finally(() => (seconds = stop()));
  const outcome = result.ok ? "ok" : (outcomeOf[result.code ?? ""] ?? "wrong");
  metrics().signIns.labels(outcome).inc();
  log().info({ event: "signin", outcome, code: result.code, durationMs: Math.round(seconds * 1000) }, "sign-in checked");
  return result;
}

export function countLock(cause: "account" | "device"): void {
  metrics().locks.labels(cause).inc();
  log().warn({ event: "lock.set", cause }, "lock set");
}

export function countUnlock(cause: "link" | "expiry" | "reset" | "support"): void {
  metrics().unlocks.labels(cause).inc();
  log().info({ event: "lock.lifted", cause }, "lock lifted");
}

export function countRateLimited(buckets: string[]): void {
  for (const bucket of buckets) {
    metrics().rateLimited.labels(bucket).inc();
    log().info({ event: "rate_limited", bucket }, "rate limit reached");
  }
}

export const countDelivery = (result: "sent" | "retry" | "failed" | "suppressed") => metrics().deliveries.labels(result).inc();

export function countEmailEvent(type: string, outcome: string): void {
  metrics().emailEvents.labels(type, outcome).inc();
  log().info({ event: "mail.provider_event", type, outcome }, "provider event");
}

/**
 * One breached-password lookup. `unavailable` (timeout, 5xx, network error,
 * malformed answer) accepted the password anyway; its log line names the
 * cause, never the password nor its hash.
 */
export function countBreachCheck(result: "found" | "clean" | "unavailable", cause?: string): void {
  metrics().breachChecks.labels(result).inc();
  if (result === "unavailable")
    log().warn({ event: "breach_check.unavailable", cause }, "breached-password check unavailable, password accepted");
  else log().info({ event: "breach_check", result }, "breached-password check");
}
