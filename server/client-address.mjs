// @ts-check
import { isIP } from "node:net";

// Who is on the other end of a request. Next gives route handlers and server
// actions no socket, and sets X-Forwarded-For only when a request has none
// (so a client writes its own "address"). The production server (server/index.mjs)
// therefore works the address out from the TCP connection itself and hands it
// to the app in CLIENT_ADDRESS_HEADER, after removing whatever the client sent
// under that name.

/** The header the server sets on every request; the app reads the client's address from it alone. */
export const CLIENT_ADDRESS_HEADER = "x-sesame-client-address";

/** Headers only a reverse proxy may set: with TRUST_PROXY=0 a client wrote them, and they are dropped. */
export const PROXY_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

/**
 * A textual IP address in its usual form ("::ffff:192.0.2.1" → "192.0.2.1",
 * "[2001:db8::1]" → "2001:db8::1"), or undefined when it is not one.
 * @param {string | undefined | null} value
 * @returns {string | undefined}
 */
export function normaliseAddress(value) {
  if (typeof value !== "string") return undefined;
  let address = value.trim();
  if (address.startsWith("[") && address.endsWith("]")) address = address.slice(1, -1);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) address = mapped[1] ?? address;
  const version = isIP(address);
  if (version === 4) return address;
  if (version === 6) return address.toLowerCase();
  return undefined;
}

/**
 * The client's address. With `trustedProxies` = 0 it is the TCP peer's. With N
 * reverse proxies in front, each appends the address it received the request
 * from to X-Forwarded-For, so the client is the N-th entry from the right
 * (the peer being the nearest proxy); entries further left are whatever the
 * client wrote. A header with fewer entries than proxies, or an entry that is
 * not an IP address, means the chain is not what the setting says: the peer's
 * address is used, never the client's text.
 * @param {string | undefined} peer the socket's remoteAddress
 * @param {string | string[] | undefined} forwardedFor the X-Forwarded-For header(s) as received
 * @param {number} trustedProxies TRUST_PROXY
 * @returns {string}
 */
export function clientAddress(peer, forwardedFor, trustedProxies) {
  const own = normaliseAddress(peer) ?? "unknown";
  if (trustedProxies <= 0 || forwardedFor === undefined) return own;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length < trustedProxies) return own;
  return normaliseAddress(entries[entries.length - trustedProxies]) ?? own;
}

/**
 * TRUST_PROXY as a number of proxies (empty or unset: 0); throws on anything else.
 * @param {string | undefined} value
 * @returns {number}
 */
export function parseTrustProxy(value) {
  if (value === undefined || value === "") return 0;
  if (!/^\d{1,2}$/.test(value))
    throw new Error(`TRUST_PROXY must be the number of reverse proxies in front of the app (0, 1, 2…), not "${value}"`);
  return Number(value);
}

/**
 * Rewrites a request's headers in place: proxy headers a client may have
 * forged are dropped (TRUST_PROXY=0), any client copy of the address header
 * is replaced by the address worked out here.
 * @param {import("node:http").IncomingMessage} request
 * @param {number} trustedProxies
 * @returns {string} the client's address
 */
export function stampClientAddress(request, trustedProxies) {
  const address = clientAddress(request.socket.remoteAddress, request.headers["x-forwarded-for"], trustedProxies);
  const dropped = new Set([CLIENT_ADDRESS_HEADER, ...(trustedProxies > 0 ? [] : PROXY_HEADERS)]);
  for (const name of dropped) delete request.headers[name];
  // Next reads req.headers; rawHeaders is kept consistent so no code path sees the client's copy.
  const raw = request.rawHeaders;
  const kept = [];
  for (let index = 0; index + 1 < raw.length; index += 2) {
    if (!dropped.has(String(raw[index]).toLowerCase()))
      kept.push(/** @type {string} */ (raw[index]), /** @type {string} */ (raw[index + 1]));
  }
  raw.splice(0, raw.length, ...kept, CLIENT_ADDRESS_HEADER, address);
  request.headers[CLIENT_ADDRESS_HEADER] = address;
  return address;
}
