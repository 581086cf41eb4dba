import { randomUUID } from "node:crypto";
import * as z from "zod/mini";
import { applyDeliveryEvent } from "@/lib/mail/delivery";
import { devMailboxEnabled } from "@/lib/mail/transport-choice";

export const dynamic = "force-dynamic";

const body = z.object({
  type: z.enum(["delivered", "delayed", "bounced", "complained"]),
  bounce: z.optional(z.object({ type: z.optional(z.string()), message: z.optional(z.string()) })),
});

/**
 * Plays a provider event on an email of the development mailbox, through the
 * same code as a verified webhook, so that every delivery state can be tried
 * without Resend. Exists only while the outbox transport is active.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  if (!devMailboxEnabled()) return new Response("Not Found", { status: 404 });
  // application/json cannot be sent cross-site without a preflight, which we never answer.
  if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) return new Response(null, { status: 415 });
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) return new Response("Not Found", { status: 404 });
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "type: delivered, delayed, bounced or complained" }, { status: 400 });
  const outcome = await applyDeliveryEvent({
    eventId: `dev:${randomUUID()}`,
    type: parsed.data.type,
    email: { id },
    bounce: parsed.data.bounce,
  });
  return Response.json({ outcome }, { status: outcome === "unknownEmail" ? 404 : 200, headers: { "Cache-Control": "no-store" } });
}
