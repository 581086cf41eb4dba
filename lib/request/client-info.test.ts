import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/server/client-address.mjs";
import { clientInfo } from "./client-info";

const headers = (entries: Record<string, string>) => new Headers(entries);

describe("the client of a request", () => {
  it("is the address our server stamped, whatever X-Forwarded-For says", () => {
    expect(clientInfo(headers({ [CLIENT_ADDRESS_HEADER]: "198.51.100.4", "x-forwarded-for": "203.0.113.66" })).ip).toBe("198.51.100.4");
  });

  it("is 'unknown', never free text, when the header holds no IP address", () => {
    expect(clientInfo(headers({ [CLIENT_ADDRESS_HEADER]: "Support: appelez 01 23 45 67 89" })).ip).toBe("unknown");
    expect(clientInfo(headers({ "x-forwarded-for": "203.0.113.66" })).ip).toBe("unknown");
  });

  it("keeps at most 512 characters of the user agent", () => {
    expect(clientInfo(headers({ "user-agent": "x".repeat(2000) })).userAgent).toHaveLength(512);
    expect(clientInfo(headers({})).userAgent).toBeNull();
  });
});
