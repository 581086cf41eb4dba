import { receiveResendWebhook } from "@/lib/mail/delivery";

export const dynamic = "force-dynamic";

// Resend's events are a few hundred bytes; anything near this is not one.
const MAX_BODY = 256 * 1024;

/** Resend's webhook (docs/email-delivery.md): 404 without RESEND_WEBHOOK_SECRET, 400 for a bad signature, 200 once applied or known. */
export async function POST(request: Request) {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY) return new Response(null, { status: 413 });
  const payload = await request.text();
  if (payload.length > MAX_BODY) return new Response(null, { status: 413 });
  const { status, outcome } = await receiveResendWebhook(payload, request.headers);
  return status === 200 ? Response.json({ outcome }, { headers: { "Cache-Control": "no-store" } }) : new Response(null, { status });
}
