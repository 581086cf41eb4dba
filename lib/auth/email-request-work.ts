import "server-only";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { localeOr } from "@/lib/i18n/config";
import { log } from "@/lib/observability/log";
import { confirmationRequestWork } from "./confirmation";
import { workRecordedRequest, type RequestKind, type RequestWork } from "./email-requests";
import { unlockRequestWork } from "./lockout";
import { resetRequestWork } from "./recovery";

// Requests a dead process accepted and never worked: the deliverer's pass
// resumes them (lib/server-start.ts hands it this function). A request is
// abandoned once it is much older than the moment its work was due (the
// answer's work starts within 250 ms); whichever run takes the row first
// does the work, so a slow but live process and the deliverer never both do.

const works: Record<RequestKind, RequestWork> = { reset: resetRequestWork, unlock: unlockRequestWork, confirm: confirmationRequestWork };

/** Past this age a recorded request is taken to be abandoned. */
export const ABANDONED_AFTER_MS = 30_000;
/** Past this age one is dropped rather than tried again: its email would no longer be what the requester waits for. */
const GIVE_UP_AFTER_MS = 24 * 3_600_000;
const BATCH = 20;

const isKind = (kind: string): kind is RequestKind => kind in works;

/** One pass: does the work of requests left behind; returns how many it did. */
export async function resumeAbandonedRequests(): Promise<number> {
  const at = now().getTime();
  await db.emailRequest.deleteMany({ where: { createdAt: { lt: new Date(at - GIVE_UP_AFTER_MS) } } });
  const rows = await db.emailRequest.findMany({
    where: { createdAt: { lt: new Date(at - ABANDONED_AFTER_MS) } },
    orderBy: { createdAt: "asc" },
    take: BATCH,
  });
  let done = 0;
  for (const row of rows) {
    if (!isKind(row.kind)) continue;
    const request = {
      id: row.id,
      email: row.email,
      locale: localeOr(row.locale),
      client: { ip: row.ip ?? "unknown", userAgent: row.userAgent },
    };
    try {
      if ((await workRecordedRequest(request, works[row.kind])) !== null) done += 1;
    } catch (error) {
      // Left recorded: the next pass tries again.
      log().error({ event: "email_request.resume_failed", kind: row.kind, err: error }, "could not resume an email request");
    }
  }
  if (done > 0) log().info({ event: "email_request.resumed", count: done }, "resumed email requests a stopped process had accepted");
  return done;
}
