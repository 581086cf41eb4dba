import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvForTests } from "@/lib/env";
import { generateJwks, oidcCookieKeys, oidcJwks, parseJwks, resetOidcKeysForTests } from "./keys";

const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
  resetOidcKeysForTests();
});

function withEnv(values: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvForTests();
  resetOidcKeysForTests();
}

describe("the keys that sign ID tokens", () => {
  it("a production server does not start without OIDC_JWKS, and says how to make one", () => {
    withEnv({ NODE_ENV: "production", OIDC_JWKS: undefined });
    expect(() => oidcJwks()).toThrow(/OIDC_JWKS is required in production.*scripts\/oidc-jwks\.mjs/);
  });

  it("production uses OIDC_JWKS as given", () => {
    const jwks = generateJwks();
    withEnv({ NODE_ENV: "production", OIDC_JWKS: JSON.stringify(jwks) });
    expect(oidcJwks().keys[0]!.kid).toBe(jwks.keys[0]!.kid);
  });

  it("refuses a JWKS that is not JSON, is empty, or holds no private RSA key", () => {
    expect(() => parseJwks("nope")).toThrow(/not JSON/);
    expect(() => parseJwks('{"keys":[]}')).toThrow(/must be/);
    const publicOnly = { ...generateJwks().keys[0], d: undefined };
    expect(() => parseJwks(JSON.stringify({ keys: [publicOnly] }))).toThrow(/private RSA key/);
  });

  it("development generates one key into DATA_DIR once and keeps it across restarts", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sesame-oidc-"));
    withEnv({ NODE_ENV: "development", OIDC_JWKS: undefined, DATA_DIR: dir });
    const first = oidcJwks();
    expect(first.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(JSON.parse(readFileSync(path.join(dir, "oidc-jwks.json"), "utf8"))).toEqual(first);
    resetOidcKeysForTests();
    expect(oidcJwks()).toEqual(first);
  });
});

describe("the provider's cookie keys", () => {
  it("are derived from AUTH_SECRET: the same on every instance, never the secret itself", () => {
    withEnv({ AUTH_SECRET: "one-secret-one-secret-one-secret-one" });
    const keys = oidcCookieKeys();
    expect(keys).toEqual(oidcCookieKeys());
    expect(keys[0]).not.toContain("one-secret");
    expect(keys[0]).toHaveLength(43);
  });
});

describe("OIDC_CLIENTS", () => {
  const forum = { client_id: "forum", client_name: "Le Forum", redirect_uris: ["https://forum.example/cb"] };

  it("unset is no client; a client is not first-party unless it says so", () => {
    withEnv({ OIDC_CLIENTS: undefined });
    expect(env().OIDC_CLIENTS).toEqual([]);
    withEnv({ OIDC_CLIENTS: JSON.stringify([forum]) });
    expect(env().OIDC_CLIENTS).toEqual([{ ...forum, first_party: false }]);
  });

  it.each([
    ["not JSON", "[{"],
    ["not an array", JSON.stringify(forum)],
    ["a client_id twice", JSON.stringify([forum, forum])],
    ["no redirect_uris", JSON.stringify([{ ...forum, redirect_uris: [] }])],
    ["a short secret", JSON.stringify([{ ...forum, client_secret: "short" }])],
    ["an unknown field", JSON.stringify([{ ...forum, grant_types: ["implicit"] }])],
  ])("refuses %s, naming the setting", (_case, value) => {
    withEnv({ OIDC_CLIENTS: value });
    expect(() => env()).toThrow(/OIDC_CLIENTS/);
  });
});
