import * as z from "zod/mini";
import { testUserFactoryEnabled } from "@/lib/auth/test-users";

const body = z.object({ email: z.string().check(z.maxLength(320)) });

/**
 * A factory route that acts on an existing account named by its address
 * (lock it, take it past its grace period): the factory's gate, JSON only
 * (cross-site needs a preflight we never answer), 204 when done, 404 when
 * there was nothing to act on.
 */
export function byEmailRoute(act: (email: string, request: Request) => Promise<boolean>) {
  return async (request: Request): Promise<Response> => {
    if (!testUserFactoryEnabled()) return new Response("Not Found", { status: 404 });
    if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) return new Response(null, { status: 415 });
    const parsed = body.safeParse(await request.json().catch(() => null));
    if (!parsed.success) return Response.json({ error: "email" }, { status: 400 });
    const done = await act(parsed.data.email, request);
    return new Response(null, { status: done ? 204 : 404, headers: { "Cache-Control": "no-store" } });
  };
}
