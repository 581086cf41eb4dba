import * as z from "zod/mini";
import { lockTestUser, testUserFactoryEnabled } from "@/lib/auth/test-users";
import { clientInfo } from "@/lib/request/client-info";

export const dynamic = "force-dynamic";

const body = z.object({ email: z.string().check(z.maxLength(320)) });

/** Locks an account's shared path as the maximum of wrong passwords would (unlock email included). Same gate as the factory. */
export async function POST(request: Request) {
  if (!testUserFactoryEnabled()) return new Response("Not Found", { status: 404 });
  if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) return new Response(null, { status: 415 });
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "email" }, { status: 400 });
  const locked = await lockTestUser(parsed.data.email, clientInfo(request.headers));
  return new Response(null, { status: locked ? 204 : 404, headers: { "Cache-Control": "no-store" } });
}
