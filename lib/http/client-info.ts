import { env } from "@/lib/env";

// Who is asking: the IP address used for rate limits and the security
// journal, and the user agent. Next's server appends the socket's peer
// address to X-Forwarded-For; with TRUST_PROXY=1 (behind one reverse proxy)
// the address the proxy saw is the entry before that one. Entries further
// left are whatever the client wrote and are never trusted.

export type ClientInfo = { ip: string; userAgent: string | null };

type HeaderSource = { get(name: string): string | null };

export function clientInfo(headers: HeaderSource): ClientInfo {
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  const hops = env().TRUST_PROXY === "1" ? 2 : 1;
  const ip = forwarded[forwarded.length - hops] ?? forwarded[forwarded.length - 1] ?? "unknown";
  const userAgent = headers.get("user-agent");
  return { ip: ip.slice(0, 64), userAgent: userAgent ? userAgent.slice(0, 512) : null };
}
