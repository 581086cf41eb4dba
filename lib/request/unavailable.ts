import "server-only";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { log } from "@/lib/observability/log";

/**
 * Runs a request's work; when the database cannot be reached, answers
 * `fallback` (a translated "try again in a moment") instead of a crash. The
 * work ran in a transaction or not at all, so nothing is half-written; any
 * other error still propagates.
 */
export async function orWhenUnavailable<T>(work: () => Promise<T>, fallback: () => T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    log().error({ event: "database.unavailable", err: error }, "database unavailable");
    return fallback();
  }
}
