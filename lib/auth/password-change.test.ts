import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser, emailsTo, freshClient, lockState, openSession, PASSWORD } from "@/lib/testing/factories";
import { authenticate } from "./authenticate";
import { lockoutSettings } from "./lockout";
import { changePassword } from "./password-change";
import { recentSecurityEvents } from "./security-events";
import { resolveSession, signOutEverywhere } from "./session";

const NEW_PASSWORD = "Quartz-Nuage-Pomme-84";
const { maxAttempts } = lockoutSettings();

describe("changing the password from the account page", () => {
  it("keeps this session, ends the others, emails a notice and journals it", async () => {
    const user = await createUser();
    const mine = await openSession(user.id, freshClient());
    const other = await openSession(user.id, freshClient());
    const result = await changePassword(
      { userId: user.id, sessionId: mine, currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      freshClient(),
    );
    expect(result).toEqual({ ok: true });
    expect(await resolveSession(mine)).toBe(user.id);
    expect(await resolveSession(other)).toBeNull();
    expect((await emailsTo(user.email)).map((email) => email.template)).toEqual(["password-changed"]);
    expect((await recentSecurityEvents(user.id)).map((event) => event.type)).toContain("password.changed");
    expect((await authenticate({ identifier: user.email, password: NEW_PASSWORD }, freshClient())).ok).toBe(true);
  });

  it("counts a wrong current password towards the lockout, like a sign-in", async () => {
    const user = await createUser();
    const mine = await openSession(user.id, freshClient());
    const codes = [];
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const result = await changePassword(
        { userId: user.id, sessionId: mine, currentPassword: "not-my-password", newPassword: NEW_PASSWORD },
        freshClient(),
      );
      codes.push(result.ok ? "ok" : result.code);
    }
    expect(codes).toEqual([...Array.from({ length: maxAttempts - 2 }, () => "invalidCredentials"), "lastAttempt", "locked"]);
    expect((await lockState(user.id)).lockedAt).not.toBeNull();
    const result = await changePassword(
      { userId: user.id, sessionId: mine, currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      freshClient(),
    );
    expect(result).toEqual({ ok: false, code: "locked" });
  });

  it("applies the password rules to the new password, against this account", async () => {
    const user = await createUser({ pseudo: "Violette_33" });
    const mine = await openSession(user.id, freshClient());
    const attempt = (newPassword: string) =>
      changePassword({ userId: user.id, sessionId: mine, currentPassword: PASSWORD, newPassword }, freshClient());
    expect(await attempt("violette_33!!")).toEqual({ ok: false, field: "password", code: "passwordLikeIdentity" });
    expect(await attempt("azertyuiop")).toEqual({ ok: false, field: "password", code: "passwordTooCommon" });
    expect(await attempt("court")).toEqual({ ok: false, field: "password", code: "passwordTooShort" });
    expect((await authenticate({ identifier: user.email, password: PASSWORD }, freshClient())).ok).toBe(true);
  });
});

describe("signing out everywhere", () => {
  it("ends every session, this one included, and forgets every known browser", async () => {
    const user = await createUser();
    const first = await openSession(user.id, freshClient());
    const second = await openSession(user.id, freshClient());
    await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    expect(await db.knownDevice.count({ where: { userId: user.id } })).toBe(1);
    await signOutEverywhere(user.id, freshClient());
    expect(await resolveSession(first)).toBeNull();
    expect(await resolveSession(second)).toBeNull();
    expect(await db.knownDevice.count({ where: { userId: user.id } })).toBe(0);
  });

  it("lists the 20 latest of 25 events, newest first", async () => {
    const user = await createUser();
    const start = Date.now() - 3_600_000;
    await db.securityEvent.createMany({
      data: Array.from({ length: 25 }, (_, index) => ({
        userId: user.id,
        type: index % 2 ? "signin.failure" : "signin.success",
        ip: `192.0.2.${index}`,
        createdAt: new Date(start + index * 1000),
      })),
    });
    const events = await recentSecurityEvents(user.id);
    expect(events.map((event) => event.ip)).toEqual(Array.from({ length: 20 }, (_, index) => `192.0.2.${24 - index}`));
  });

  it("records failures and the success in the order they happened", async () => {
    const user = await createUser();
    for (let attempt = 0; attempt < 3; attempt++) await authenticate({ identifier: user.email, password: "wrong-password" }, freshClient());
    await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    const events = await recentSecurityEvents(user.id);
    expect(events.slice(0, 4).map((event) => event.type)).toEqual(["signin.success", "signin.failure", "signin.failure", "signin.failure"]);
  });
});
