import { createHmac, randomBytes, randomUUID } from "node:crypto";

// Signs a webhook as Resend does (Standard Webhooks: HMAC-SHA256 over
// "id.timestamp.body" with the base64 key of a whsec_ secret), written here
// from the specification rather than with the library the app verifies with.

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

export function signedWebhook(
  secret: string,
  event: unknown,
  options: { id?: string; at?: Date } = {},
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(event);
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = String(Math.floor((options.at ?? new Date()).getTime() / 1000));
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return {
    body,
    headers: { "svix-id": id, "svix-timestamp": timestamp, "svix-signature": `v1,${signature}`, "content-type": "application/json" },
  };
}

/** A Resend email event as its webhook sends it. */
export function resendEvent(type: string, providerId: string, extra: Record<string, unknown> = {}) {
  return {
    type,
    created_at: new Date().toISOString(),
    data: {
      email_id: providerId,
      created_at: new Date().toISOString(),
      from: "Sésame <noreply@sesame.test>",
      to: ["x@example.test"],
      subject: "s",
      ...extra,
    },
  };
}
