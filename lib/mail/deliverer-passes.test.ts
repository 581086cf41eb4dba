import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { queueEmail } from "./index";
import { startDeliverer, stopDeliverer } from "./outbox";

// The deliverer's passes: the periodic one also looks for work a stopped
// process left behind (`beforePass`); one woken by a fresh email only sends.

beforeAll(() => {
  // No tick during the test: every pass after the first is a woken one.
  process.env.MAIL_POLL_MS = "600000";
  resetEnvForTests();
});

afterAll(async () => {
  await stopDeliverer();
  delete process.env.MAIL_POLL_MS;
  resetEnvForTests();
});

describe("the deliverer's passes", () => {
  it("looks for work left behind on its periodic pass, not on each pass an email wakes", async () => {
    let sweeps = 0;
    startDeliverer({
      beforePass: async () => {
        sweeps += 1;
      },
    });
    await expect.poll(() => sweeps).toBe(1);

    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      ids.push(
        await db.$transaction((tx) =>
          queueEmail(tx, {
            template: "password-changed",
            to: `passes${n}@example.test`,
            locale: "fr",
            props: { pseudo: "x", url: "http://localhost:3000/" },
          }),
        ),
      );
      // Each email is sent by the pass it woke, before the next one is queued.
      await expect.poll(async () => (await db.outboxEmail.findUnique({ where: { id: ids.at(-1)! } }))?.status).toBe("sent");
    }
    expect(sweeps).toBe(1);
  });
});
