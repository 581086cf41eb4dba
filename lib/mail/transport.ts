import "server-only";
import { Resend } from "resend";
import { env } from "@/lib/env";
import { activeTransport } from "./transport-choice";

// Where delivered emails go. `outbox` keeps them in the database only (shown
// at /dev/mailbox); `resend` hands them to Resend. Chosen by MAIL_TRANSPORT,
// else resend when RESEND_API_KEY is set, else outbox outside production.

export type OutgoingEmail = { id: string; to: string; subject: string; html: string; text: string };

/** ok: delivered; retry: a passing failure; permanent: the provider refused this email for good. */
export type DeliveryResult = { status: "ok"; providerId?: string } | { status: "retry" | "permanent"; error: string };

let resend: Resend | undefined;

async function sendWithResend(email: OutgoingEmail): Promise<DeliveryResult> {
  const { RESEND_API_KEY, MAIL_FROM } = env();
  if (!RESEND_API_KEY) return { status: "permanent", error: "RESEND_API_KEY is not set" };
  resend ??= new Resend(RESEND_API_KEY);
  try {
    const { data, error } = await resend.emails.send(
      { from: MAIL_FROM, to: email.to, subject: email.subject, html: email.html, text: email.text },
      // A crash between this call and recording it would resend: Resend
      // drops a second request with the same key.
      { idempotencyKey: `outbox-${email.id}` },
    );
    if (error) {
      const code = error.statusCode ?? 0;
      const transient = code === 0 || code === 408 || code === 409 || code === 429 || code >= 500;
      return { status: transient ? "retry" : "permanent", error: `${code} ${error.name}: ${error.message}` };
    }
    return { status: "ok", providerId: data?.id };
  } catch (cause) {
    return { status: "retry", error: (cause as Error).message };
  }
}

export async function deliver(email: OutgoingEmail): Promise<DeliveryResult> {
  if (activeTransport() === "outbox") return { status: "ok" };
  return sendWithResend(email);
}

/** Tests point the SDK at a fake server between cases. */
export function resetTransportForTests(): void {
  resend = undefined;
}
