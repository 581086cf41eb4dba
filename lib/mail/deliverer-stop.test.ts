import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { queueEmail } from "./index";
import { startDeliverer, stopDeliverer } from "./outbox";
import { resetTransportForTests } from "./transport";

// A stand-in for Resend that holds every request until told to answer, so
// that the deliverer can be stopped while it sends.
const held: { key: string; answer: () => void }[] = [];
let server: Server;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () =>
      held.push({
        key: String(request.headers["idempotency-key"]),
        answer: () => {
          response.writeHead(200, { "content-type": "application/json" });
          response.end(JSON.stringify({ id: `re_${held.length}` }));
        },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.RESEND_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.MAIL_TRANSPORT = "resend";
  process.env.RESEND_API_KEY = "re_test_key";
  process.env.MAIL_POLL_MS = "60000";
  resetEnvForTests();
  resetTransportForTests();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  for (const name of ["RESEND_BASE_URL", "RESEND_API_KEY", "MAIL_POLL_MS"]) delete process.env[name];
  process.env.MAIL_TRANSPORT = "outbox";
  resetEnvForTests();
  resetTransportForTests();
});

describe("stopping the deliverer", () => {
  it("sends the email in hand, and gives the rest of its batch back at once, not attempted", async () => {
    const ids = await db.$transaction(async (tx) =>
      Promise.all(
        [1, 2, 3].map((n) =>
          queueEmail(tx, {
            template: "password-changed",
            to: `stop${n}@example.test`,
            locale: "fr",
            props: { pseudo: "x", url: "http://localhost:3000/" },
          }),
        ),
      ),
    );
    startDeliverer();
    await expect.poll(() => held.length).toBe(1);
    const stopped = stopDeliverer();
    held[0]!.answer();
    await stopped;

    const rows = await db.outboxEmail.findMany({ where: { id: { in: ids } } });
    const sent = rows.filter((row) => row.status === "sent");
    const given = rows.filter((row) => row.status === "pending");
    expect(sent.map((row) => `outbox-${row.id}`)).toEqual([held[0]!.key]);
    expect(given).toHaveLength(2);
    for (const row of given) {
      expect(row.attempts).toBe(0);
      // Due now: another instance takes it on its next pass, not when the lease would have ended.
      expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    }
    expect(held).toHaveLength(1);
  });
});
