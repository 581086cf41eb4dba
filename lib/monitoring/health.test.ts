import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { advanceClock, resetClock } from "@/lib/clock";
import { queueEmail } from "@/lib/mail";
import { deliverDue } from "@/lib/mail/outbox";
import { env } from "@/lib/env";
import { checkReadiness, resetHealthForTests } from "./health";

async function queue(to: string) {
  await db.$transaction((tx) =>
    queueEmail(tx, { template: "password-changed", to, locale: "fr", props: { pseudo: "camille", url: "http://localhost:3000/aide" } }),
  );
}

afterEach(async () => {
  resetClock();
  resetHealthForTests();
  await db.outboxEmail.updateMany({ where: { status: "pending" }, data: { status: "failed" } });
});

describe("readiness", () => {
  it("is ready on a migrated database with nothing waiting to be sent", async () => {
    expect(await checkReadiness()).toEqual({ ready: true, database: "ok", migrations: "ok", mail: "ok", oldestDueEmailSeconds: 0 });
  });

  it("stays ready while the oldest due email waits less than HEALTH_MAIL_DELAY_SECONDS, and not once it waits longer", async () => {
    const delay = env().HEALTH_MAIL_DELAY_SECONDS;
    await queue("health-wait@example.test");
    advanceClock((delay - 1) * 1000);
    expect(await checkReadiness()).toMatchObject({ ready: true, mail: "ok", oldestDueEmailSeconds: delay - 1 });
    advanceClock(2_000);
    expect(await checkReadiness()).toMatchObject({ ready: false, database: "ok", mail: "late", oldestDueEmailSeconds: delay + 1 });
  });

  it("is ready again once the deliverer has sent what was late", async () => {
    await queue("health-late@example.test");
    advanceClock((env().HEALTH_MAIL_DELAY_SECONDS + 100) * 1000);
    expect((await checkReadiness()).mail).toBe("late");
    await deliverDue(100);
    expect(await checkReadiness()).toMatchObject({ ready: true, mail: "ok", oldestDueEmailSeconds: 0 });
  });

  it("is not ready while a migration this build ships is not applied", async () => {
    const [last] = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`;
    await db.$executeRaw`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = ${last!.migration_name}`;
    try {
      expect(await checkReadiness()).toMatchObject({ ready: false, database: "ok", migrations: "pending" });
    } finally {
      await db.$executeRaw`UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE migration_name = ${last!.migration_name}`;
    }
    expect((await checkReadiness()).ready).toBe(true);
  });
});
