import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";

// Runs before every request: a fresh CSP nonce (Next adds it to its own
// scripts when it finds it in the request's CSP header) and the security
// headers. HSTS and upgrade-insecure-requests only where the site is served
// over https.

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const https = (process.env.APP_URL ?? "").startsWith("https:") || request.nextUrl.protocol === "https:";
  const { pathname } = request.nextUrl;
  const policy = contentSecurityPolicy({ nonce, development: process.env.NODE_ENV === "development", https, pathname });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(securityHeaders({ https, pathname }))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
