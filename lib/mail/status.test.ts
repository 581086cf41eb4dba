import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClock, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { applyDeliveryEvent } from "./delivery";
import { queueEmail } from "./index";
import { emailStatus, maskAddress, readStatusCookie, statusCookie } from "./status";

afterEach(() => resetClock());

async function queued(template: "confirm-account" | "password-changed" = "password-changed") {
  const to = `status-${randomUUID()}@example.test`;
  const id = await db.$transaction((tx) =>
    template === "confirm-account"
      ? queueEmail(tx, { template, to, locale: "fr", props: { pseudo: "x", url: "http://localhost:3000/", hours: 72 } })
      : queueEmail(tx, { template, to, locale: "fr", props: { pseudo: "x", url: "http://localhost:3000/" } }),
  );
  return { id, to };
}

const play = (id: string, type: "delivered" | "delayed" | "bounced" | "complained") =>
  applyDeliveryEvent({ eventId: `test:${randomUUID()}`, type, email: { id }, bounce: { type: "Permanent" } });

describe("the status line's handle", () => {
  it("masks the address: its first letter and its domain", () => {
    expect(maskAddress("jeanne.dupont@exemple.fr")).toBe("j•••@exemple.fr");
    expect(maskAddress("pas-une-adresse")).toBe("•••");
  });

  it("follows one email, for an hour, and nothing a browser could forge or alter", async () => {
    const email = await queued();
    const cookie = statusCookie(email.id, email.to, { followed: "request" });
    expect(await emailStatus(cookie.value)).toEqual({ state: "sending", address: maskAddress(email.to), at: null, canCorrect: false });

    const other = await queued();
    const [id, ...rest] = cookie.value.split(".");
    expect(id).toBe(email.id);
    expect(readStatusCookie([other.id, ...rest].join("."))).toBeNull();
    expect(readStatusCookie(`${cookie.value.slice(0, -2)}xx`)).toBeNull();
    expect(readStatusCookie(email.id)).toBeNull();
    expect(readStatusCookie(undefined)).toBeNull();
    // A request's handle names no account (whether there is one is the mailbox's business), a sign-up's always does.
    expect(readStatusCookie(cookie.value)?.accountId).toBeNull();
    const signUp = statusCookie(email.id, email.to, { followed: "signup", accountId: randomUUID() }).value.split(".");
    expect(readStatusCookie([...signUp.slice(0, 3), "", ...signUp.slice(4)].join("."))).toBeNull();
    expect(readStatusCookie([...signUp.slice(0, 3), randomUUID(), ...signUp.slice(4)].join("."))).toBeNull();

    advanceClock(3_601_000);
    expect(await emailStatus(cookie.value)).toBeNull();
  });

  it("says what the recipient's side did, in the words of docs/email-delivery.md", async () => {
    const cases = [
      ["delivered", "delivered"],
      ["delayed", "delayed"],
      ["bounced", "refused"],
      ["complained", "spam"],
    ] as const;
    for (const [event, shown] of cases) {
      const email = await queued();
      await play(email.id, event);
      const view = await emailStatus(statusCookie(email.id, email.to, { followed: "request" }).value);
      expect(view?.state, event).toBe(shown);
      expect(view?.at, event).not.toBeNull();
    }
  });

  it("offers to correct the address only for a sign-up's refused confirmation", async () => {
    const confirmation = await queued("confirm-account");
    await play(confirmation.id, "bounced");
    expect(
      (await emailStatus(statusCookie(confirmation.id, confirmation.to, { followed: "signup", accountId: randomUUID() }).value))
        ?.canCorrect,
    ).toBe(true);
    expect((await emailStatus(statusCookie(confirmation.id, confirmation.to, { followed: "request" }).value))?.canCorrect).toBe(false);
    const delivered = await queued("confirm-account");
    await play(delivered.id, "delivered");
    expect(
      (await emailStatus(statusCookie(delivered.id, delivered.to, { followed: "signup", accountId: randomUUID() }).value))?.canCorrect,
    ).toBe(false);
  });
});
