import * as z from "zod/mini";
import { createTestUser, testUserFactoryEnabled } from "@/lib/auth/test-users";
import { clientInfo } from "@/lib/request/client-info";

export const dynamic = "force-dynamic";

const body = z.object({
  password: z.string().check(z.minLength(10), z.maxLength(256)),
  pseudo: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9]{2,29}$/))),
  prefix: z._default(z.string().check(z.regex(/^[a-z][a-z0-9]{0,19}$/)), "e2e"),
  confirmed: z._default(z.boolean(), true),
  locked: z._default(z.boolean(), false),
  locale: z._default(z.enum(["fr", "en"]), "fr"),
});

/**
 * The end-to-end suite's user factory: one account per call, `{id, pseudo,
 * email}` back (409 when the pseudo asked for is taken). 404 unless TEST_USER_FACTORY=1 with the outbox transport
 * (lib/auth/test-users.ts), so no real deployment has it.
 */
export async function POST(request: Request) {
  if (!testUserFactoryEnabled()) return new Response("Not Found", { status: 404 });
  // application/json cannot be sent cross-site without a preflight, which we never answer.
  if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) return new Response(null, { status: 415 });
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "password (10-256), prefix, confirmed, locked, locale" }, { status: 400 });
  const user = await createTestUser(parsed.data, clientInfo(request.headers));
  if (!user) return Response.json({ error: "pseudo taken" }, { status: 409 });
  return Response.json(user, { status: 201, headers: { "Cache-Control": "no-store" } });
}
