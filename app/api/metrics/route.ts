import { NextResponse, type NextRequest } from "next/server";
import { renderMetrics, scrapeAccess } from "@/lib/monitoring/scrape";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

/** Prometheus scrape: 404 unless METRICS_TOKEN is set, 401 without the right bearer token. */
export async function GET(request: NextRequest) {
  const access = scrapeAccess(request.headers.get("authorization"));
  if (access === "disabled") return new NextResponse("Not Found", { status: 404, headers: noStore });
  if (access === "refused") return new NextResponse("Unauthorized", { status: 401, headers: { ...noStore, "WWW-Authenticate": "Bearer" } });
  const { contentType, body } = await renderMetrics();
  return new NextResponse(body, { headers: { ...noStore, "Content-Type": contentType } });
}
