import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { advanceClock, resetClock } from "@/lib/clock";
import { resetEnvForTests } from "@/lib/env";
import { queueEmail } from "./index";
import { deliverDue, retryDelayMs } from "./outbox";
import { resetTransportForTests } from "./transport";

// A local stand-in for Resend's API, driven by the real SDK through RESEND_BASE_URL.
type Received = { idempotencyKey: string | undefined; to: unknown; subject: unknown; html?: unknown };
const received: Received[] = [];
let answers: number[] = [];
let server: Server;

async function body(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const payload = await body(request);
    const status = answers.shift() ?? 200;
    // 0 stands for a provider that accepts the request and never answers.
    if (status === 0) return;
    received.push({
      idempotencyKey: request.headers["idempotency-key"] as string | undefined,
      to: payload.to,
      subject: payload.subject,
      html: payload.html,
    });
    response.writeHead(status, { "content-type": "application/json" });
    response.end(
      JSON.stringify(
        status === 200
          ? { id: `re_${received.length}` }
          : { statusCode: status, name: status === 422 ? "validation_error" : "application_error", message: "nope" },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  process.env.RESEND_BASE_URL = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  delete process.env.RESEND_BASE_URL;
});

function useTransport(name: "outbox" | "resend") {
  process.env.MAIL_TRANSPORT = name;
  process.env.RESEND_API_KEY = name === "resend" ? "re_test_key" : "";
  resetEnvForTests();
  resetTransportForTests();
}

afterEach(async () => {
  resetClock();
  received.length = 0;
  answers = [];
  useTransport("outbox");
  // Leave nothing due for the next test.
  await db.outboxEmail.updateMany({ where: { status: "pending" }, data: { status: "failed" } });
});

let counter = 0;
async function queue(to = `mail${++counter}@example.test`) {
  const id = await db.$transaction((tx) =>
    queueEmail(tx, {
      template: "password-changed",
      to,
      locale: "fr",
      props: { pseudo: "camille", url: "http://localhost:3000/mot-de-passe-oublie" },
    }),
  );
  return { id, to };
}

describe("outbox", () => {
  it("keeps no email when the transaction that queued it rolls back", async () => {
    const to = "rollback@example.test";
    await expect(
      db.$transaction(async (tx) => {
        await queueEmail(tx, { template: "password-changed", to, locale: "fr", props: { pseudo: "x", url: "http://localhost:3000/" } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.outboxEmail.count({ where: { to } })).toBe(0);
  });

  it("marks emails delivered with the outbox transport", async () => {
    const { id } = await queue();
    expect(await deliverDue()).toBeGreaterThanOrEqual(1);
    expect(await db.outboxEmail.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("sends through Resend with an idempotency key and records the provider id", async () => {
    useTransport("resend");
    const { id, to } = await queue();
    await deliverDue();
    expect(received).toMatchObject([{ idempotencyKey: `outbox-${id}`, to, subject: "Votre mot de passe Sésame a été modifié" }]);
    const row = await db.outboxEmail.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "sent", providerId: "re_1" });
  });

  it("renders the email when it sends it, and keeps no link of it once it is final", async () => {
    useTransport("resend");
    answers = [200, 422];
    const link = "http://localhost:3000/reinitialisation/" + "k".repeat(43);
    const ids = await db.$transaction(async (tx) => [
      await queueEmail(tx, {
        template: "reset-password",
        to: "final-sent@example.test",
        locale: "fr",
        props: { pseudo: "camille", url: link, minutes: 60 },
      }),
      await queueEmail(tx, {
        template: "reset-password",
        to: "final-failed@example.test",
        locale: "fr",
        props: { pseudo: "camille", url: link, minutes: 60 },
      }),
    ]);
    // Until it is sent, the outbox must hold the link: it is the email.
    expect(JSON.stringify(await db.outboxEmail.findUniqueOrThrow({ where: { id: ids[0] } }))).toContain(link);
    await deliverDue();
    expect(String(received[0]?.html)).toContain(link);
    const rows = await db.outboxEmail.findMany({ where: { id: { in: ids } } });
    expect(rows.map((row) => row.status).sort()).toEqual(["failed", "sent"]);
    for (const row of rows) {
      expect(row).toMatchObject({ props: null, html: null, text: null, subject: "Choisissez un nouveau mot de passe Sésame" });
      expect(JSON.stringify(row)).not.toContain("k".repeat(43));
    }
  });

  it("keeps what the development mailbox shows with the outbox transport", async () => {
    const { id } = await queue();
    await deliverDue();
    expect((await db.outboxEmail.findUniqueOrThrow({ where: { id } })).props).toMatchObject({
      url: "http://localhost:3000/mot-de-passe-oublie",
    });
  });

  it("retries after a 500 with backoff, and delivers once the API recovers", async () => {
    useTransport("resend");
    answers = [500];
    const { id } = await queue();
    await deliverDue();
    let row = await db.outboxEmail.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("pending");
    expect(row.lastError).toContain("500");
    // Not due yet: nothing is sent again before the backoff.
    await deliverDue();
    expect(received).toHaveLength(1);
    advanceClock(retryDelayMs(1, () => 1) + 1000);
    await deliverDue();
    row = await db.outboxEmail.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
    expect(received.map((entry) => entry.idempotencyKey)).toEqual([`outbox-${id}`, `outbox-${id}`]);
  });

  it("gives up on a provider that never answers at half the lease, and retries later", async () => {
    useTransport("resend");
    process.env.MAIL_LEASE_MS = "400";
    resetEnvForTests();
    answers = [0];
    try {
      const { id } = await queue();
      await deliverDue();
      const row = await db.outboxEmail.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ status: "pending", attempts: 1 });
      expect(row.lastError).toContain("no answer from the provider within 200 ms");
    } finally {
      delete process.env.MAIL_LEASE_MS;
      resetEnvForTests();
    }
  });

  it("records a permanent 4xx refusal as failed without retrying", async () => {
    useTransport("resend");
    answers = [422];
    const { id } = await queue();
    await deliverDue();
    const row = await db.outboxEmail.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("failed");
    expect(row.lastError).toContain("422");
  });

  it("gives up after about 24 hours of failures", async () => {
    useTransport("resend");
    answers = Array.from({ length: 100 }, () => 503);
    const { id } = await queue();
    for (let pass = 0; pass < 60; pass++) {
      await deliverDue();
      advanceClock(60 * 60_000);
    }
    const row = await db.outboxEmail.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("failed");
    expect(row.attempts).toBeGreaterThan(5);
    expect(row.attempts).toBeLessThan(40);
  });

  it("backs off exponentially up to an hour", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, mid))).toEqual([15_000, 30_000, 60_000, 120_000]);
    expect(retryDelayMs(30, mid)).toBe(3_600_000);
  });

  it("never sends an email twice when two deliverers run at once", async () => {
    useTransport("resend");
    const queued = await Promise.all(Array.from({ length: 30 }, () => queue()));
    await Promise.all([deliverDue(50), deliverDue(50), deliverDue(50)]);
    const keys = received.map((entry) => entry.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(queued.map(({ id }) => `outbox-${id}`).sort());
    expect(await db.outboxEmail.count({ where: { id: { in: queued.map(({ id }) => id) }, status: "sent" } })).toBe(30);
  });

  it("picks up an email whose delivery was interrupted, once its lease ends", async () => {
    useTransport("resend");
    const { id } = await queue();
    // A process claimed it and died before recording anything.
    await db.outboxEmail.update({ where: { id }, data: { attempts: 1, nextAttemptAt: new Date(Date.now() + 60_000) } });
    await deliverDue();
    expect(received).toHaveLength(0);
    advanceClock(61_000);
    await deliverDue();
    expect(received.map((entry) => entry.idempotencyKey)).toEqual([`outbox-${id}`]);
  });
});
