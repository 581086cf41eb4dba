import { isIP } from "node:net";
import { CLIENT_ADDRESS_HEADER } from "@/server/client-address.mjs";

// Who is asking: the IP address used for rate limits and the security
// journal, and the user agent. The address is the one our server
// (server/index.mjs) worked out from the TCP connection and TRUST_PROXY, in
// a header it always overwrites: nothing the client writes (X-Forwarded-For
// included) can change it. Started without that server, production refuses
// to run (lib/server-start.ts).

export type ClientInfo = { ip: string; userAgent: string | null };

type HeaderSource = { get(name: string): string | null };

export function clientInfo(headers: HeaderSource): ClientInfo {
  const stated = headers.get(CLIENT_ADDRESS_HEADER);
  const ip = stated && isIP(stated) ? stated : "unknown";
  const userAgent = headers.get("user-agent");
  return { ip, userAgent: userAgent ? userAgent.slice(0, 512) : null };
}
