import { cookies } from "next/headers";
import { emailStatus, STATUS_COOKIE } from "@/lib/mail/status";

export const dynamic = "force-dynamic";

/** The status line of the email this browser follows (docs/email-delivery.md); 404 when it follows none. */
export async function GET() {
  const view = await emailStatus((await cookies()).get(STATUS_COOKIE)?.value);
  if (!view) return new Response(null, { status: 404, headers: { "Cache-Control": "no-store" } });
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
}
