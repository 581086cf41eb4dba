import * as z from "zod/mini";
import { testUserFactoryEnabled } from "@/lib/auth/test-users";
import { endTestUserGracePeriod } from "@/lib/privacy/test-erasure";

export const dynamic = "force-dynamic";

const body = z.object({ email: z.string().check(z.maxLength(320)) });

/** Takes a closed account past its grace period and runs the erasure job. Same gate as the factory. */
export async function POST(request: Request) {
  if (!testUserFactoryEnabled()) return new Response("Not Found", { status: 404 });
  if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) return new Response(null, { status: 415 });
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "email" }, { status: 400 });
  const erased = await endTestUserGracePeriod(parsed.data.email);
  return new Response(null, { status: erased ? 204 : 404, headers: { "Cache-Control": "no-store" } });
}
