import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { advanceClock, resetClock } from "@/lib/clock";
import { createUser, emailsTo, freshClient, lockState, PASSWORD, tokenFromEmail } from "@/lib/testing/factories";
import { authenticate } from "./authenticate";
import { forgetDevice, listKnownDevices, readDeviceCookie } from "./known-device";
import { lockoutSettings, unlockByToken } from "./lockout";
import { env } from "@/lib/env";
import { requestPasswordReset, resetPasswordByToken } from "./recovery";

afterEach(() => resetClock());

const { maxAttempts, unlockAfterMinutes } = lockoutSettings();
/** The seed's sequence over `maxAttempts` wrong passwords: plain refusals, the warning, the lock. */
const sequence = [...Array.from({ length: maxAttempts - 2 }, () => "invalidCredentials"), "lastAttempt", "locked"];

/** Signs in once from a browser and returns its device token (what its cookie proves). */
async function knownBrowser(email: string): Promise<string> {
  const result = await authenticate({ identifier: email, password: PASSWORD }, freshClient());
  if (!result.ok || !result.deviceCookie) throw new Error("expected a device cookie");
  return readDeviceCookie(result.deviceCookie.value)!;
}

const attempt = async (email: string, password: string, device?: string) => {
  const result = await authenticate({ identifier: email, password }, freshClient(), device);
  return result.ok ? "ok" : result.code;
};

describe("known devices", () => {
  it("gives a browser a signed device cookie on its first successful sign-in, and not again", async () => {
    const user = await createUser();
    const first = await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    expect(first.ok && first.deviceCookie?.value).toMatch(/^[A-Za-z0-9_-]{43}\.\d+\.[A-Za-z0-9_-]+$/);
    const token = readDeviceCookie(first.ok ? first.deviceCookie!.value : undefined)!;
    const again = await authenticate({ identifier: user.email, password: PASSWORD }, freshClient(), token);
    expect(again.ok && again.deviceCookie).toBeNull();
    expect(await db.knownDevice.count({ where: { userId: user.id } })).toBe(1);
  });

  it("lists a user's browsers with their last use, and forgets one only for its owner", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const token = await knownBrowser(alice.email);
    const [device] = await listKnownDevices(alice.id, token);
    expect(device).toMatchObject({ current: true });
    expect(await forgetDevice(bob.id, device!.id, freshClient())).toBe("notFound");
    expect(await forgetDevice(alice.id, device!.id, freshClient())).toBe("forgotten");
    expect(await listKnownDevices(alice.id)).toEqual([]);
  });

  it("refuses a device cookie once its year has passed, though its browser still sends it", async () => {
    const user = await createUser();
    const first = await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    const value = first.ok ? first.deviceCookie!.value : undefined;
    advanceClock(364 * 24 * 3600_000);
    expect(readDeviceCookie(value)).toBeDefined();
    advanceClock(2 * 24 * 3600_000);
    expect(readDeviceCookie(value)).toBeUndefined();
  });

  it("refuses a cookie whose signature was tampered with", () => {
    expect(readDeviceCookie(`${"a".repeat(43)}.forged`)).toBeUndefined();
    expect(readDeviceCookie("nonsense")).toBeUndefined();
  });

  it("keeps the owner's known browser open while a stranger locks the shared path", async () => {
    const user = await createUser();
    const owner = await knownBrowser(user.email);
    const stranger = [];
    for (let n = 0; n < maxAttempts + 1; n++) stranger.push(await attempt(user.email, "wrong-guess-123"));
    expect(stranger).toEqual([...sequence, "locked"]);
    expect(await attempt(user.email, PASSWORD)).toBe("locked");
    expect(await attempt(user.email, PASSWORD, owner)).toBe("ok");
    const [email] = await emailsTo(user.email, "unlock-account");
    expect(email!.text).toContain("ne sont pas verrouillés");
    expect(email!.text).toContain("Tentatives récentes");
  });

  it("runs the seed's sequence on the known browser itself, without locking the shared path", async () => {
    const user = await createUser();
    const owner = await knownBrowser(user.email);
    const codes = [];
    for (let n = 0; n < maxAttempts; n++) codes.push(await attempt(user.email, "oops-typo-123", owner));
    expect(codes).toEqual(sequence);
    expect(await attempt(user.email, PASSWORD, owner)).toBe("locked");
    expect(await attempt(user.email, PASSWORD)).toBe("ok");
    const [email] = await emailsTo(user.email, "unlock-account");
    expect(email!.text).toContain("Seul le navigateur");
  });

  it("counts each path exactly under parallel wrong passwords, with one lock each", async () => {
    const user = await createUser();
    const owner = await knownBrowser(user.email);
    await Promise.all([
      ...Array.from({ length: 12 }, () => attempt(user.email, "wrong-guess-123")),
      ...Array.from({ length: 12 }, () => attempt(user.email, "wrong-guess-123", owner)),
    ]);
    const row = await lockState(user.id);
    const { id: deviceId } = await db.knownDevice.findFirstOrThrow({ where: { userId: user.id } });
    const device = await lockState(user.id, `device:${deviceId}`);
    expect(row).toMatchObject({ failedAttempts: maxAttempts });
    expect(row.lockedAt).not.toBeNull();
    expect(device).toMatchObject({ failedAttempts: maxAttempts });
    expect(device.lockedAt).not.toBeNull();
    expect(await emailsTo(user.email, "unlock-account")).toHaveLength(2);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: { in: ["account.locked", "device.locked"] } } })).toBe(2);
  });

  it("keeps the owner's known browser open when a stranger spends the account's sign-in budget", async () => {
    const user = await createUser();
    const owner = await knownBrowser(user.email);
    const stranger = freshClient();
    const codes = new Set<string>();
    for (const identifier of [user.email, user.pseudo]) {
      for (let n = 0; n < env().RATE_LIMIT_SIGNIN_PER_ACCOUNT; n++) {
        const result = await authenticate({ identifier, password: "wrong-guess-123" }, stranger);
        codes.add(result.ok ? "ok" : result.code);
      }
    }
    expect(codes.has("rateLimited")).toBe(true);
    expect(await attempt(user.email, PASSWORD)).toBe("rateLimited");
    expect(await attempt(user.email, PASSWORD, owner)).toBe("ok");
  });

  it("does not give another account's known browser a budget of its own", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const alicesBrowser = await knownBrowser(alice.email);
    const from = freshClient();
    for (let n = 0; n < env().RATE_LIMIT_SIGNIN_PER_ACCOUNT; n++)
      await authenticate({ identifier: bob.email, password: "wrong-guess-123" }, from, alicesBrowser);
    expect(await attempt(bob.email, PASSWORD, alicesBrowser)).toBe("rateLimited");
  });

  it("does not reset the shared counter when the owner signs in from a known browser", async () => {
    const user = await createUser();
    const owner = await knownBrowser(user.email);
    for (let n = 0; n < maxAttempts - 2; n++) await attempt(user.email, "wrong-guess-123");
    expect(await attempt(user.email, PASSWORD, owner)).toBe("ok");
    expect(await attempt(user.email, "wrong-guess-123")).toBe("lastAttempt");
  });

  it("ignores another user's device cookie", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const alicesBrowser = await knownBrowser(alice.email);
    for (let n = 0; n < maxAttempts; n++) await attempt(bob.email, "wrong-guess-123");
    expect(await attempt(bob.email, PASSWORD, alicesBrowser)).toBe("locked");
  });

  it("clears every path with the unlock link", async () => {
    const user = await createUser();
    const owner = await knownBrowser(user.email);
    for (let n = 0; n < maxAttempts; n++) await attempt(user.email, "wrong-guess-123");
    for (let n = 0; n < maxAttempts; n++) await attempt(user.email, "wrong-guess-123", owner);
    const emails = await emailsTo(user.email, "unlock-account");
    expect(await unlockByToken(tokenFromEmail(emails.at(-1)!.html, "/deverrouillage"))).toBe(true);
    expect(await attempt(user.email, PASSWORD)).toBe("ok");
    expect(await attempt(user.email, PASSWORD, owner)).toBe("ok");
  });

  it("lifts a device lock by itself after the delay", async () => {
    const user = await createUser();
    const owner = await knownBrowser(user.email);
    for (let n = 0; n < maxAttempts; n++) await attempt(user.email, "wrong-guess-123", owner);
    advanceClock((unlockAfterMinutes + 1) * 60_000);
    expect(await attempt(user.email, PASSWORD, owner)).toBe("ok");
  });

  it("forgets every known device on a password reset", async () => {
    const user = await createUser();
    const owner = await knownBrowser(user.email);
    const request = await requestPasswordReset(user.email, freshClient(), "fr");
    await request.delivery();
    const emails = await emailsTo(user.email, "reset-password");
    const token = tokenFromEmail(emails.at(-1)!.html, "/reinitialisation");
    expect(await resetPasswordByToken(token, "Quartz-Nuage-Pomme-84", freshClient())).toEqual({ ok: true });
    expect(await db.knownDevice.count({ where: { userId: user.id } })).toBe(0);
    for (let n = 0; n < maxAttempts; n++) await attempt(user.email, "wrong-guess-123");
    expect(await attempt(user.email, "Quartz-Nuage-Pomme-84", owner)).toBe("locked");
  });
});
