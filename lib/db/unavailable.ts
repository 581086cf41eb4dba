// Tells "the database cannot be reached right now" (a restart, a failover, a
// network cut) from every other error, so that a request can answer "try
// again in a moment" instead of crashing, while real bugs still surface.

// Connection refused or reset, PostgreSQL's admin_shutdown / crash_shutdown /
// cannot_connect_now and connection_exception class, Prisma's "can't reach",
// and Prisma's P2028: no connection came free in time to start (or finish) a
// transaction — a saturated pool or pooler, which rolled the transaction back.
const codes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "P1001",
  "P1002",
  "P1017",
  "P2028",
]);
const messages =
  /Connection terminated|terminating connection|Connection closed|Server has closed the connection|connect ECONNREFUSED|Can't reach database|the database system is (starting up|shutting down)|Client has encountered a connection error/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    if (typeof current !== "object") return false;
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && codes.has(code)) return true;
    if (typeof message === "string" && messages.test(message)) return true;
    current = cause;
  }
  return false;
}
