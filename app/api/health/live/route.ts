import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/** The process answers: nothing else is asked, so a slow database never restarts a healthy process. */
export function GET() {
  return NextResponse.json({ live: true }, { headers: { "Cache-Control": "no-store" } });
}
