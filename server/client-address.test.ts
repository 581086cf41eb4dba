import { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddress, normaliseAddress, parseTrustProxy, stampClientAddress } from "./client-address.mjs";

function request(peer: string, rawHeaders: string[]): IncomingMessage {
  const socket = new Socket();
  Object.defineProperty(socket, "remoteAddress", { value: peer });
  const message = new IncomingMessage(socket);
  message.rawHeaders = [...rawHeaders];
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!.toLowerCase();
    const previous = message.headers[name];
    message.headers[name] = previous ? `${previous}, ${rawHeaders[index + 1]}` : rawHeaders[index + 1];
  }
  return message;
}

describe("the client's address", () => {
  it("is the TCP peer's when no proxy is trusted, whatever the headers say", () => {
    expect(clientAddress("192.0.2.10", "203.0.113.1", 0)).toBe("192.0.2.10");
    expect(clientAddress("::ffff:192.0.2.10", undefined, 0)).toBe("192.0.2.10");
  });

  it("is the entry the trusted proxies appended, counted from the right", () => {
    // client wrote 6.6.6.6; proxy 1 saw 198.51.100.7; proxy 2 saw proxy 1 (10.0.0.2); the peer is proxy 2.
    expect(clientAddress("10.0.0.3", "6.6.6.6, 198.51.100.7", 1)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.3", "6.6.6.6, 198.51.100.7, 10.0.0.2", 2)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.3", ["6.6.6.6, 198.51.100.7", "10.0.0.2"], 2)).toBe("198.51.100.7");
  });

  it("falls back to the peer when the chain is shorter than the proxies, or its entry is not an address", () => {
    expect(clientAddress("10.0.0.3", "198.51.100.7", 2)).toBe("10.0.0.3");
    expect(clientAddress("10.0.0.3", undefined, 1)).toBe("10.0.0.3");
    expect(clientAddress("10.0.0.3", "Support: appelez 01 23 45 67 89", 1)).toBe("10.0.0.3");
    expect(clientAddress("10.0.0.3", "198.51.100.7, 1.2.3", 1)).toBe("10.0.0.3");
  });

  it("writes addresses one way only", () => {
    expect(normaliseAddress("[2001:DB8::1]")).toBe("2001:db8::1");
    expect(normaliseAddress("::FFFF:203.0.113.5")).toBe("203.0.113.5");
    expect(normaliseAddress("localhost")).toBeUndefined();
    expect(normaliseAddress(undefined)).toBeUndefined();
  });

  it("reads TRUST_PROXY as a number of proxies and refuses anything else", () => {
    expect(parseTrustProxy(undefined)).toBe(0);
    expect(parseTrustProxy("")).toBe(0);
    expect(parseTrustProxy("2")).toBe(2);
    expect(() => parseTrustProxy("true")).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy("-1")).toThrow(/TRUST_PROXY/);
  });

  it("replaces a client's copy of the address header, in both header views, and drops proxy headers nobody proxied", () => {
    const forged = request("192.0.2.10", [
      "X-Sesame-Client-Address",
      "6.6.6.6",
      "x-sesame-client-address",
      "7.7.7.7",
      "X-Forwarded-For",
      "6.6.6.6",
      "X-Forwarded-Host",
      "evil.example",
      "Host",
      "localhost",
    ]);
    expect(stampClientAddress(forged, 0)).toBe("192.0.2.10");
    expect(forged.headers[CLIENT_ADDRESS_HEADER]).toBe("192.0.2.10");
    expect(forged.headers["x-forwarded-for"]).toBeUndefined();
    expect(forged.headers["x-forwarded-host"]).toBeUndefined();
    expect(forged.rawHeaders).toEqual(["Host", "localhost", CLIENT_ADDRESS_HEADER, "192.0.2.10"]);
  });

  it("keeps the proxies' headers when they are trusted", () => {
    const proxied = request("10.0.0.3", ["X-Forwarded-For", "6.6.6.6, 198.51.100.7", "X-Forwarded-Proto", "https", X_CLIENT, "6.6.6.6"]);
    expect(stampClientAddress(proxied, 1)).toBe("198.51.100.7");
    expect(proxied.headers["x-forwarded-proto"]).toBe("https");
    expect(proxied.headers[CLIENT_ADDRESS_HEADER]).toBe("198.51.100.7");
  });
});

const X_CLIENT = CLIENT_ADDRESS_HEADER;
