import { afterEach, describe, expect, it } from "vitest";
import pg from "pg";
import { database, db } from "@/lib/db";
import { advanceClock, now, resetClock } from "@/lib/clock";
import { allowAttempt } from "./rate-limit";
import { createUser, freshClient, openSession } from "@/lib/testing/factories";
import { runRetentionPass } from "./retention";
import { env } from "./env";

afterEach(() => resetClock());

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(now().getTime() - days * DAY);
const { RETENTION_TOKENS_DAYS, RETENTION_EMAILS_DAYS, RETENTION_JOURNAL_DAYS, RATE_LIMIT_WINDOW_MINUTES } = env();

describe("the retention pass", () => {
  it("removes what outlived its use and keeps what is still live", async () => {
    const user = await createUser();
    const live = await openSession(user.id, freshClient());
    await db.session.create({ data: { sessionToken: `expired-${user.id}`, userId: user.id, expires: daysAgo(1) } });
    const token = (label: string, data: { usedAt?: Date; expiresAt: Date }) =>
      db.token.create({ data: { userId: user.id, purpose: "reset", tokenHash: `${label}-${user.id}`, ...data } });
    await token("old-used", { usedAt: daysAgo(RETENTION_TOKENS_DAYS + 1), expiresAt: daysAgo(RETENTION_TOKENS_DAYS + 1) });
    await token("fresh-used", { usedAt: daysAgo(1), expiresAt: new Date(now().getTime() + DAY) });
    await token("live", { expiresAt: new Date(now().getTime() + DAY) });
    const email = (to: string, status: "sent" | "pending", createdAt: Date) =>
      db.outboxEmail.create({ data: { to, template: "password-changed", locale: "fr", subject: "s", status, createdAt } });
    await email(`old-sent-${user.id}@example.test`, "sent", daysAgo(RETENTION_EMAILS_DAYS + 1));
    await email(`old-pending-${user.id}@example.test`, "pending", daysAgo(RETENTION_EMAILS_DAYS + 1));
    await email(`recent-${user.id}@example.test`, "sent", daysAgo(1));
    await db.securityEvent.create({ data: { userId: user.id, type: "signin.success", createdAt: daysAgo(RETENTION_JOURNAL_DAYS + 1) } });
    await db.securityEvent.create({ data: { userId: user.id, type: "signin.success", createdAt: daysAgo(10) } });
    await db.lockPath.create({ data: { userId: user.id, path: "account", failedAttempts: 0, updatedAt: daysAgo(2) } });
    await db.lockPath.create({ data: { userId: user.id, path: "device:00000000-0000-0000-0000-000000000000", failedAttempts: 3 } });
    const bucket = `retention-${user.id}`;
    await allowAttempt("signinIdentifier", bucket);

    advanceClock((RATE_LIMIT_WINDOW_MINUTES + 1) * 60_000);
    const report = await runRetentionPass();
    expect(report).not.toBeNull();

    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
    expect((await db.token.findMany({ where: { userId: user.id } })).map((row) => row.tokenHash.split("-")[0]).sort()).toEqual([
      "fresh",
      "live",
    ]);
    expect((await db.outboxEmail.findMany({ where: { to: { contains: user.id } } })).map((row) => row.to.split("-")[0]).sort()).toEqual([
      "old",
      "recent",
    ]);
    expect(await db.outboxEmail.count({ where: { to: `old-pending-${user.id}@example.test` } })).toBe(1);
    expect(await db.securityEvent.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.lockPath.count({ where: { userId: user.id } })).toBe(0);
    expect(report!.rateLimits).toBeGreaterThanOrEqual(1);
    expect(live).toBeTruthy();
  });

  // PGlite serves one process; several instances exist only on a server.
  it.runIf(process.env.SESAME_TEST_DB === "postgres")("skips while another instance runs a pass, and runs once it is done", async () => {
    const other = new pg.Client({ connectionString: database().url });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT pg_advisory_xact_lock(72707370)");
      expect(await runRetentionPass()).toBeNull();
      await other.query("COMMIT");
      expect(await runRetentionPass()).not.toBeNull();
    } finally {
      await other.end();
    }
  });
});
