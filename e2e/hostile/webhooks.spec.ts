import { test, expect } from "@playwright/test";
import { hostileURL } from "../../playwright.config";
import { newWebhookSecret, resendEvent, signedWebhook } from "../../lib/testing/webhooks";
import { apiContext, postForm, sql } from "./stage";

// Resend's webhook against the production build with the Resend transport:
// this test plays Resend, signing with the stage's RESEND_WEBHOOK_SECRET
// (scripts/e2e-hostile-server.mjs), and plays the forger and the replayer too.

const SECRET = "whsec_ZTJlLWhvc3RpbGUtd2ViaG9vay1zZWNyZXQtMDEyMzQ1";

const post = (signed: { body: string; headers: Record<string, string> }) =>
  fetch(`${hostileURL}/api/webhooks/resend`, { method: "POST", body: signed.body, headers: signed.headers });

async function sentEmail(address: string): Promise<{ id: string; providerId: string }> {
  const request = await apiContext();
  await postForm(request, "/mot-de-passe-oublie", { email: address });
  await request.dispose();
  let row: { id: string; provider_id: string | null } | undefined;
  await expect
    .poll(async () => {
      [row] = await sql<{ id: string; provider_id: string | null }>(`SELECT id, provider_id FROM outbox_emails WHERE "to" = $1`, [address]);
      return row?.provider_id ?? null;
    })
    .not.toBeNull();
  return { id: row!.id, providerId: row!.provider_id! };
}

const deliveryOf = async (id: string) =>
  (
    await sql<{ delivery: string; bounce_reason: string | null }>("SELECT delivery, bounce_reason FROM outbox_emails WHERE id = $1", [id])
  )[0]!;

test("signed events move an email forward once; forged ones answer 400 and change nothing; a late 'delivered' keeps the bounce", async () => {
  const address = `webhook-${Date.now()}@example.test`;
  const email = await sentEmail(address);
  expect((await deliveryOf(email.id)).delivery).toBe("sent");

  const forged = signedWebhook(
    newWebhookSecret(),
    resendEvent("email.bounced", email.providerId, { bounce: { type: "Permanent", message: "x" } }),
  );
  expect((await post(forged)).status).toBe(400);
  const unsigned = signedWebhook(SECRET, resendEvent("email.bounced", email.providerId));
  expect((await post({ body: unsigned.body, headers: { "content-type": "application/json" } })).status).toBe(400);
  const tampered = signedWebhook(SECRET, resendEvent("email.delivered", email.providerId));
  expect((await post({ ...tampered, body: tampered.body.replace("email.delivered", "email.complained") })).status).toBe(400);
  expect(await deliveryOf(email.id)).toMatchObject({ delivery: "sent" });
  expect(await sql("SELECT 1 FROM suppressed_addresses WHERE email = $1", [address])).toHaveLength(0);

  const bounce = signedWebhook(
    SECRET,
    resendEvent("email.bounced", email.providerId, {
      bounce: { type: "Permanent", subType: "General", message: "550 5.1.1 user unknown" },
    }),
  );
  expect(await (await post(bounce)).json()).toEqual({ outcome: "applied" });
  // Resend retries what it is not sure we got: the replay changes nothing.
  expect(await (await post(bounce)).json()).toEqual({ outcome: "duplicate" });
  const late = signedWebhook(SECRET, resendEvent("email.delivered", email.providerId));
  expect(await (await post(late)).json()).toEqual({ outcome: "outOfOrder" });
  expect(await deliveryOf(email.id)).toEqual({ delivery: "bounced", bounce_reason: "550 5.1.1 user unknown" });
  expect(await sql("SELECT reason FROM suppressed_addresses WHERE email = $1", [address])).toEqual([{ reason: "bounced" }]);

  // The next email to the suppressed address is not sent.
  const request = await apiContext();
  await postForm(request, "/mot-de-passe-oublie", { email: address });
  await request.dispose();
  await expect
    .poll(async () =>
      (await sql<{ delivery: string }>(`SELECT delivery FROM outbox_emails WHERE "to" = $1 ORDER BY created_at`, [address])).map(
        (row) => row.delivery,
      ),
    )
    .toEqual(["bounced", "suppressed"]);

  // An email the outbox does not know: acknowledged, nothing recorded.
  const stranger = signedWebhook(SECRET, resendEvent("email.delivered", "re_not_ours"));
  expect(await (await post(stranger)).json()).toEqual({ outcome: "unknownEmail" });
});

test("a signed event of a shape we cannot read (a bounce message that is not text) is acknowledged, never retried, and changes nothing", async () => {
  const address = `webhook-malformed-${Date.now()}@example.test`;
  const email = await sentEmail(address);
  const malformed = signedWebhook(
    SECRET,
    resendEvent("email.bounced", email.providerId, { bounce: { type: "Permanent", message: { text: "550" } } }),
  );
  const response = await post(malformed);
  // Resend retries every answer but a 2xx: this one would fail the same way for ever.
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ outcome: "malformed" });
  expect(await deliveryOf(email.id)).toMatchObject({ delivery: "sent" });
  expect(await sql("SELECT 1 FROM suppressed_addresses WHERE email = $1", [address])).toHaveLength(0);
  expect(await sql("SELECT 1 FROM email_events WHERE email_id = $1", [email.id])).toHaveLength(0);
});
