import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { advanceClock, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { env, resetEnvForTests } from "@/lib/env";
import { metrics } from "@/lib/observability/metrics";
import { createUser, emailsTo, freshClient, openSession, PASSWORD, tokenFromEmail } from "@/lib/testing/factories";
import { turnOnTwoStep } from "@/lib/testing/two-step";
import { pwnedPasswordsStandIn, sha1Hex } from "@/scripts/pwned-passwords-stand-in.mjs";
import { authenticate } from "./authenticate";
import {
  breachCheckAfterSignIn,
  cachedRangeCount,
  clearRangeCacheForTests,
  lookUpPassword,
  passwordSha1,
  RANGE_CACHE_MAX_PREFIXES,
  RANGE_CACHE_TTL_MS,
} from "./breached-passwords";
import { changePassword } from "./password-change";
import { requestPasswordReset, resetPasswordByToken } from "./recovery";
import { registerAccount } from "./registration";

// Every lookup goes to a stand-in of the range API on loopback, started here.
const stand = pwnedPasswordsStandIn();
const LEAKED = "Meringue-Falaise-Otarie-19";
const CLEAN = "Quartz-Nuage-Pomme-84";

beforeAll(() => stand.listen());
afterAll(() => stand.close());

function useService(settings: Record<string, string> = {}) {
  Object.assign(process.env, { PWNED_PASSWORDS: "on", PWNED_PASSWORDS_URL: stand.url, ...settings });
  resetEnvForTests();
}

beforeEach(() => {
  stand.reset();
  clearRangeCacheForTests();
  useService();
});

afterEach(() => {
  resetClock();
  for (const name of ["PWNED_PASSWORDS", "PWNED_PASSWORDS_URL", "PWNED_PASSWORDS_TIMEOUT_MS"]) delete process.env[name];
  resetEnvForTests();
});

async function checks(result: "found" | "clean" | "unavailable"): Promise<number> {
  const { values } = await metrics().breachChecks.get();
  return values.find((entry) => entry.labels.result === result)?.value ?? 0;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let counter = 0;
function newcomer(password: string) {
  counter += 1;
  const pseudo = `Breach_${Date.now().toString(36)}${counter}`;
  return { pseudo, email: `${pseudo.toLowerCase()}@example.test`, password, passwordConfirmation: password };
}

describe("the range lookup", () => {
  it("sends only the hash's 5-character prefix, asking for padding", async () => {
    await lookUpPassword(CLEAN);
    const hash = sha1Hex(CLEAN);
    expect(stand.requests).toEqual([{ prefix: hash.slice(0, 5), padding: true, path: `/range/${hash.slice(0, 5)}` }]);
    expect(JSON.stringify(stand.requests)).not.toContain(hash.slice(5, 12));
    expect(passwordSha1(CLEAN)).toBe(hash);
  });

  it("finds a leaked password, passes a clean one, and ignores padding lines even with the password's own suffix", async () => {
    stand.breach(LEAKED, 3);
    const padded = "Corail-Sapin-Boussole-61";
    stand.pad(padded);
    expect(stand.rangeBody(sha1Hex(padded).slice(0, 5), true)).toContain(`${sha1Hex(padded).slice(5)}:0`);
    expect(await lookUpPassword(LEAKED)).toBe("found");
    expect(await lookUpPassword(CLEAN)).toBe("clean");
    expect(await lookUpPassword(padded)).toBe("clean");
  });

  it("hashes the password after NFC normalisation, as the policy reads it", async () => {
    stand.breach("Caf\u00e9-Tulipe-Kayak-42");
    expect(await lookUpPassword("Cafe\u0301-Tulipe-Kayak-42")).toBe("found");
  });

  it("accepts the password when the service hangs past the timeout, and counts it", async () => {
    useService({ PWNED_PASSWORDS_TIMEOUT_MS: "150" });
    stand.mode = "hang";
    const before = await checks("unavailable");
    expect(await lookUpPassword(LEAKED)).toBe("unavailable");
    expect(await checks("unavailable")).toBe(before + 1);
    expect(stand.requests).toHaveLength(1);
  });

  it("accepts the password on a 5xx, a malformed body or a network error, and counts each", async () => {
    stand.breach(LEAKED);
    const before = await checks("unavailable");
    stand.mode = "fail";
    expect(await lookUpPassword(LEAKED)).toBe("unavailable");
    stand.mode = "malformed";
    expect(await lookUpPassword(LEAKED)).toBe("unavailable");
    useService({ PWNED_PASSWORDS_URL: `http://127.0.0.1:${await closedPort()}` });
    expect(await lookUpPassword(LEAKED)).toBe("unavailable");
    expect(await checks("unavailable")).toBe(before + 3);
    // Failures are not cached: once the service is back, the same prefix is asked again.
    useService();
    stand.mode = "ok";
    expect(await lookUpPassword(LEAKED)).toBe("found");
  });

  it("counts found and clean answers", async () => {
    stand.breach(LEAKED);
    const [found, clean] = [await checks("found"), await checks("clean")];
    await lookUpPassword(LEAKED);
    await lookUpPassword(CLEAN);
    expect([await checks("found"), await checks("clean")]).toEqual([found + 1, clean + 1]);
  });

  it("asks nothing with PWNED_PASSWORDS=off", async () => {
    useService({ PWNED_PASSWORDS: "off" });
    stand.breach(LEAKED);
    expect(await lookUpPassword(LEAKED)).toBe("off");
    expect(stand.requests).toHaveLength(0);
  });
});

describe("the range cache", () => {
  it("asks once for two lookups of one prefix, in turn or at the same time, until the answer expires", async () => {
    stand.breach(LEAKED);
    expect(await lookUpPassword(LEAKED)).toBe("found");
    expect(await lookUpPassword(LEAKED)).toBe("found");
    expect(stand.requests).toHaveLength(1);

    clearRangeCacheForTests();
    stand.delayMs = 50;
    expect(await Promise.all([lookUpPassword(CLEAN), lookUpPassword(CLEAN), lookUpPassword(CLEAN)])).toEqual(["clean", "clean", "clean"]);
    expect(stand.requests).toHaveLength(2);

    advanceClock(RANGE_CACHE_TTL_MS + 1);
    await lookUpPassword(CLEAN);
    expect(stand.requests).toHaveLength(3);
  });

  it("keeps a bounded number of prefixes, dropping the least recently used", async () => {
    const byPrefix = new Map<string, string>();
    for (let index = 0; byPrefix.size < RANGE_CACHE_MAX_PREFIXES + 1; index++) {
      const password = `Cache-Filler-${index}`;
      byPrefix.set(sha1Hex(password).slice(0, 5), password);
    }
    const [first, second, ...rest] = [...byPrefix.values()];
    await lookUpPassword(first!);
    await lookUpPassword(second!);
    await lookUpPassword(first!); // first is now the more recently used
    for (const password of rest) await lookUpPassword(password);
    expect(cachedRangeCount()).toBe(RANGE_CACHE_MAX_PREFIXES);
    const asked = stand.requests.length;
    await lookUpPassword(first!);
    expect(stand.requests.length).toBe(asked);
    await lookUpPassword(second!);
    expect(stand.requests.length).toBe(asked + 1);
  });
});

describe("new passwords", () => {
  it("refuses a leaked password at sign-up, writing nothing, and accepts a clean one", async () => {
    stand.breach(LEAKED);
    const leaked = newcomer(LEAKED);
    expect(await registerAccount(leaked, "fr", freshClient())).toEqual({ ok: false, code: "weakPassword", reason: "passwordBreached" });
    expect(await db.user.count({ where: { email: leaked.email } })).toBe(0);
    expect(await emailsTo(leaked.email)).toHaveLength(0);
    expect((await registerAccount(newcomer(CLEAN), "fr", freshClient())).ok).toBe(true);
  });

  it("accepts a leaked password at sign-up while the service is down", async () => {
    stand.breach(LEAKED);
    stand.mode = "fail";
    expect((await registerAccount(newcomer(LEAKED), "fr", freshClient())).ok).toBe(true);
  });

  it("asks nothing for a password the local rules or the rate limit refuse", async () => {
    expect(await registerAccount(newcomer("azertyuiop"), "fr", freshClient())).toMatchObject({ reason: "passwordTooCommon" });
    const from = freshClient();
    for (let attempt = 0; attempt < env().RATE_LIMIT_SIGNUP_PER_IP; attempt++) await registerAccount(newcomer("court"), "fr", from);
    expect(await registerAccount(newcomer(CLEAN), "fr", from)).toEqual({ ok: false, code: "rateLimited" });
    expect(stand.requests).toHaveLength(0);
  });

  it("refuses a leaked password at reset and leaves the link usable; a clean one clears the notice", async () => {
    const user = await createUser();
    await db.user.update({ where: { id: user.id }, data: { passwordBreachedAt: new Date() } });
    const request = await requestPasswordReset(user.email, freshClient(), "fr");
    await request.delivery();
    const token = tokenFromEmail((await emailsTo(user.email)).at(-1)!.html, "/reinitialisation");
    stand.breach(LEAKED);
    expect(await resetPasswordByToken(token, LEAKED, freshClient())).toEqual({ ok: false, code: "passwordBreached" });
    expect(await resetPasswordByToken(token, CLEAN, freshClient())).toEqual({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordBreachedAt).toBeNull();
  });

  it("refuses a leaked password on /compte, asks nothing after a wrong current password, and a change clears the notice", async () => {
    const user = await createUser();
    await db.user.update({ where: { id: user.id }, data: { passwordBreachedAt: new Date() } });
    const sessionId = await openSession(user.id, freshClient());
    const change = (currentPassword: string, newPassword: string) =>
      changePassword({ userId: user.id, sessionId, currentPassword, newPassword }, freshClient());
    stand.breach(LEAKED);
    expect(await change("not-my-password", LEAKED)).toMatchObject({ ok: false, code: "invalidCredentials" });
    expect(stand.requests).toHaveLength(0);
    expect(await change(PASSWORD, LEAKED)).toEqual({ ok: false, field: "password", code: "passwordBreached" });
    expect(await change(PASSWORD, CLEAN)).toEqual({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordBreachedAt).toBeNull();
  });
});

describe("at sign-in", () => {
  const flagOf = async (userId: string) => (await db.user.findUniqueOrThrow({ where: { id: userId } })).passwordBreachedAt;

  it("looks the right password up only after the answer, and flags the account when it has leaked", async () => {
    const user = await createUser();
    stand.breach(PASSWORD);
    const result = await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    if (!result.ok) throw new Error(result.code);
    // The answer is out, and nothing was asked yet.
    expect(stand.requests).toHaveLength(0);
    await result.afterAnswer!();
    expect(stand.requests).toHaveLength(1);
    expect(await flagOf(user.id)).not.toBeNull();
  });

  it("looks a two-step account's right password up after its answer too: the notice waits for the code's session", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    stand.breach(PASSWORD);
    const result = await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    expect(result).toMatchObject({ ok: false, code: "twoStepRequired" });
    if (result.ok) return;
    expect(stand.requests).toHaveLength(0);
    await result.afterAnswer!();
    expect(await flagOf(user.id)).not.toBeNull();
  });

  it("leaves a clean password's account alone, and a lookup that fails changes nothing", async () => {
    const user = await createUser();
    const result = await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    if (!result.ok) throw new Error(result.code);
    stand.mode = "fail";
    await result.afterAnswer!();
    stand.mode = "ok";
    await result.afterAnswer!();
    expect(stand.requests).toHaveLength(2);
    expect(await flagOf(user.id)).toBeNull();
  });

  it("never looks up a wrong password, an unknown account's, or an unconfirmed account's", async () => {
    const user = await createUser();
    const unconfirmed = await createUser({ confirmed: false });
    const attempts = await Promise.all([
      authenticate({ identifier: user.email, password: LEAKED }, freshClient()),
      authenticate({ identifier: "personne@example.test", password: LEAKED }, freshClient()),
      authenticate({ identifier: unconfirmed.email, password: PASSWORD }, freshClient()),
    ]);
    expect(attempts.map((attempt) => attempt.ok)).toEqual([false, false, false]);
    expect(attempts.some((attempt) => "afterAnswer" in attempt)).toBe(false);
    expect(stand.requests).toHaveLength(0);
  });

  it("does not flag a password changed before the lookup lands", async () => {
    const user = await createUser();
    stand.breach(PASSWORD);
    const result = await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    if (!result.ok) throw new Error(result.code);
    const sessionId = await openSession(user.id, freshClient());
    expect(await changePassword({ userId: user.id, sessionId, currentPassword: PASSWORD, newPassword: CLEAN }, freshClient())).toEqual({
      ok: true,
    });
    await result.afterAnswer!();
    expect(await flagOf(user.id)).toBeNull();
  });

  it("keeps the flag's check to the hash it was given", async () => {
    const user = await createUser();
    stand.breach(PASSWORD);
    await breachCheckAfterSignIn(user.id, "$argon2id$not-the-current-hash", PASSWORD)();
    expect(await flagOf(user.id)).toBeNull();
    await breachCheckAfterSignIn(user.id, user.passwordHash, PASSWORD)();
    expect(await flagOf(user.id)).not.toBeNull();
  });
});
