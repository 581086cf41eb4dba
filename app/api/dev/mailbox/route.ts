import { NextResponse, type NextRequest } from "next/server";
import { listMailbox } from "@/lib/mail/mailbox";
import { devMailboxEnabled } from "@/lib/mail/transport-choice";

export const dynamic = "force-dynamic";

/** Every email the app queued, newest first; `?to=` filters. 404 unless MAIL_TRANSPORT is outbox. */
export async function GET(request: NextRequest) {
  if (!devMailboxEnabled()) return new NextResponse("Not Found", { status: 404 });
  const to = request.nextUrl.searchParams.get("to") ?? undefined;
  const entries = await listMailbox({ to });
  return NextResponse.json(
    entries.map(({ id, to: recipient, subject, html, text, links, createdAt }) => ({
      id,
      to: recipient,
      subject,
      html,
      text,
      links,
      createdAt,
    })),
    { headers: { "Cache-Control": "no-store" } },
  );
}
