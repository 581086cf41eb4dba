import { NextResponse } from "next/server";
import { checkReadiness } from "@/lib/monitoring/health";

export const dynamic = "force-dynamic";

/** 200 when this instance may take traffic, 503 otherwise; the body says which check failed, never why in detail. */
export async function GET() {
  const readiness = await checkReadiness();
  return NextResponse.json(readiness, { status: readiness.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
