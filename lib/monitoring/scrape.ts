import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { outboxStats } from "@/lib/mail/outbox";
import { metrics } from "@/lib/observability/metrics";

// GET /api/metrics: who may read it (METRICS_TOKEN, a bearer token) and what
// it reads (the registry, plus the outbox gauges, read from the database at
// scrape time: they describe the shared outbox, not this instance).

export type ScrapeAccess = "disabled" | "refused" | "allowed";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Without METRICS_TOKEN the endpoint does not exist; a wrong token is refused in constant time. */
export function scrapeAccess(authorization: string | null): ScrapeAccess {
  const token = env().METRICS_TOKEN;
  if (!token) return "disabled";
  const offered = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(offered), digest(token)) ? "allowed" : "refused";
}

/** The Prometheus text exposition of this instance. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const { registry, emails, oldestPending } = metrics();
  const outbox = await outboxStats();
  for (const [state, count] of Object.entries(outbox.byStatus)) emails.labels(state).set(count);
  oldestPending.set(outbox.oldestPendingSeconds);
  return { contentType: registry.contentType, body: await registry.metrics() };
}
