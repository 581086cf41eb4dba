import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser, emailsTo, freshClient, PASSWORD, tokenFromEmail } from "@/lib/testing/factories";
import { authenticate } from "./authenticate";
import { confirmEmailChangeByToken, requestEmailChange } from "./email-change";
import { changePassword } from "./password-change";
import { lockoutSettings, requestUnlock } from "./lockout";
import { requestPasswordReset } from "./recovery";
import {
  confirmRecoveryAddressByToken,
  isLiveRecoveryAddressLink,
  recoveryAddressOf,
  removeRecoveryAddress,
  setRecoveryAddress,
} from "./recovery-address";

const { maxAttempts } = lockoutSettings();
let counter = 0;
const freshAddress = () => `secours${Date.now().toString(36)}${++counter}@example.test`;
const LINK = "/adresse-de-secours";

/** Saves a recovery address and returns the token of the link sent to it. */
async function saveAddress(userId: string, recoveryEmail: string): Promise<string> {
  expect(await setRecoveryAddress({ userId, password: PASSWORD, recoveryEmail }, freshClient())).toEqual({ ok: true, sent: true });
  const sent = await emailsTo(recoveryEmail, "confirm-recovery-address");
  return tokenFromEmail(sent.at(-1)!.html, LINK);
}

async function userWithConfirmedAddress() {
  const user = await createUser();
  const recoveryEmail = freshAddress();
  expect(await confirmRecoveryAddressByToken(await saveAddress(user.id, recoveryEmail))).toBe(true);
  return { user, recoveryEmail };
}

describe("the recovery address", () => {
  it("waits for the link sent to it, then shows as confirmed", async () => {
    const user = await createUser();
    const recoveryEmail = freshAddress();
    const token = await saveAddress(user.id, recoveryEmail);
    expect(await recoveryAddressOf(user.id)).toEqual({ email: recoveryEmail, confirmed: false });
    // Opening the page (a mail scanner) changes nothing.
    expect(await isLiveRecoveryAddressLink(token)).toBe(true);
    expect(await recoveryAddressOf(user.id)).toEqual({ email: recoveryEmail, confirmed: false });

    expect(await confirmRecoveryAddressByToken(token)).toBe(true);
    expect(await recoveryAddressOf(user.id)).toEqual({ email: recoveryEmail, confirmed: true });
    expect(await isLiveRecoveryAddressLink(token)).toBe(false);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "recovery_address.confirmed" } })).toBe(1);
  });

  it("refuses the account's own address, another account's address and one another account keeps, changing nothing", async () => {
    const user = await createUser();
    const other = await createUser();
    const kept = freshAddress();
    await saveAddress(other.id, kept);
    for (const [recoveryEmail, code] of [
      [user.email, "recoveryEmailSame"],
      [other.email, "emailTaken"],
      [kept, "emailTaken"],
    ] as const) {
      expect(await setRecoveryAddress({ userId: user.id, password: PASSWORD, recoveryEmail }, freshClient())).toEqual({
        ok: false,
        field: "recoveryEmail",
        code,
      });
    }
    expect(await recoveryAddressOf(user.id)).toBeNull();
  });

  it("takes the current password, a wrong one counting towards the lockout", async () => {
    const user = await createUser();
    const codes = [];
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const result = await setRecoveryAddress(
        { userId: user.id, password: "wrong-password", recoveryEmail: freshAddress() },
        freshClient(),
      );
      codes.push(result.ok ? "ok" : result.code);
    }
    expect(codes).toEqual([...Array.from({ length: maxAttempts - 2 }, () => "invalidCredentials"), "lastAttempt", "locked"]);
    expect(await recoveryAddressOf(user.id)).toBeNull();
  });

  it("of two presses of the same link, racing, one confirms", async () => {
    const user = await createUser();
    const token = await saveAddress(user.id, freshAddress());
    const results = await Promise.all([confirmRecoveryAddressByToken(token), confirmRecoveryAddressByToken(token)]);
    expect(results.sort()).toEqual([false, true]);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "recovery_address.confirmed" } })).toBe(1);
  });

  it("saving another address while one is pending replaces it: the first link no longer confirms anything", async () => {
    const user = await createUser();
    const first = freshAddress();
    const second = freshAddress();
    const firstToken = await saveAddress(user.id, first);
    const secondToken = await saveAddress(user.id, second);
    expect(await confirmRecoveryAddressByToken(firstToken)).toBe(false);
    expect(await recoveryAddressOf(user.id)).toEqual({ email: second, confirmed: false });
    expect(await confirmRecoveryAddressByToken(secondToken)).toBe(true);
    expect(await recoveryAddressOf(user.id)).toEqual({ email: second, confirmed: true });
  });

  it("two saves racing from two tabs leave one pending address whose own link confirms it", async () => {
    const user = await createUser();
    const [a, b] = [freshAddress(), freshAddress()];
    await Promise.all([
      setRecoveryAddress({ userId: user.id, password: PASSWORD, recoveryEmail: a }, freshClient()),
      setRecoveryAddress({ userId: user.id, password: PASSWORD, recoveryEmail: b }, freshClient()),
    ]);
    const saved = (await recoveryAddressOf(user.id))!;
    const loser = saved.email === a ? b : a;
    const [loserEmail] = await emailsTo(loser, "confirm-recovery-address");
    expect(await confirmRecoveryAddressByToken(tokenFromEmail(loserEmail!.html, LINK))).toBe(false);
    const [winnerEmail] = await emailsTo(saved.email, "confirm-recovery-address");
    expect(await confirmRecoveryAddressByToken(tokenFromEmail(winnerEmail!.html, LINK))).toBe(true);
  });

  it("the account's address is told when one is saved and when it is removed; the confirmed one it replaces is told too", async () => {
    const { user, recoveryEmail } = await userWithConfirmedAddress();
    const notices = async (address: string) =>
      (await emailsTo(address, "recovery-address-notice")).map((email) => (email.props as { change: string }).change);
    expect(await notices(user.email)).toEqual(["added"]);
    const replacement = freshAddress();
    await saveAddress(user.id, replacement);
    expect(await notices(user.email)).toEqual(["added", "added"]);
    expect(await notices(recoveryEmail)).toEqual(["added"]);
    expect(await removeRecoveryAddress(user.id, freshClient())).toBe(true);
    expect(await notices(user.email)).toEqual(["added", "added", "removed"]);
    // Pending, the replacement was no address of the account's: it hears nothing.
    expect(await notices(replacement)).toEqual([]);
  });

  it("once removed, its pending link dies and it is no longer shown", async () => {
    const user = await createUser();
    const token = await saveAddress(user.id, freshAddress());
    expect(await removeRecoveryAddress(user.id, freshClient())).toBe(true);
    expect(await recoveryAddressOf(user.id)).toBeNull();
    expect(await confirmRecoveryAddressByToken(token)).toBe(false);
    expect(await removeRecoveryAddress(user.id, freshClient())).toBe(false);
  });

  it("becomes the main address through an email change, and is then no longer kept as the recovery address", async () => {
    const { user, recoveryEmail } = await userWithConfirmedAddress();
    expect(await requestEmailChange({ userId: user.id, password: PASSWORD, newEmail: recoveryEmail }, freshClient())).toEqual({ ok: true });
    const [confirmation] = await emailsTo(recoveryEmail, "confirm-email-change");
    expect(await confirmEmailChangeByToken(tokenFromEmail(confirmation!.html, "/changement-email"))).toBe("changed");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(recoveryEmail);
    expect(await recoveryAddressOf(user.id)).toBeNull();
  });

  it("another account's recovery address, even pending, cannot become an account's main address", async () => {
    const owner = await createUser();
    const kept = freshAddress();
    await saveAddress(owner.id, kept);
    const other = await createUser();
    expect(await requestEmailChange({ userId: other.id, password: PASSWORD, newEmail: kept }, freshClient())).toEqual({
      ok: false,
      field: "newEmail",
      code: "emailTaken",
    });
    expect(await emailsTo(kept, "confirm-email-change")).toHaveLength(0);
  });
});

describe("what a confirmed recovery address receives", () => {
  it("gets a copy of each security notice, whoever queues it; a pending one gets none", async () => {
    const { user, recoveryEmail } = await userWithConfirmedAddress();
    const pendingUser = await createUser();
    const pending = freshAddress();
    await saveAddress(pendingUser.id, pending);

    // New browser, password changed, lock: three senders, each of a notice.
    await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    const sessionId = "session-of-the-test";
    await changePassword({ userId: user.id, sessionId, currentPassword: PASSWORD, newPassword: "Quartz-Nuage-Pomme-84" }, freshClient());
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      await authenticate({ identifier: user.email, password: "wrong-password" }, freshClient());
    }
    const copies = (await emailsTo(recoveryEmail)).map((email) => email.template).filter((name) => name !== "confirm-recovery-address");
    const { confirmedAt } = await db.recoveryAddress.findUniqueOrThrow({ where: { userId: user.id } });
    const originals = (await emailsTo(user.email)).filter((email) => email.createdAt >= confirmedAt!).map((email) => email.template);
    expect(copies.sort()).toEqual(originals.sort());
    expect(copies).toEqual(expect.arrayContaining(["new-device-alert", "password-changed", "unlock-account"]));

    await authenticate({ identifier: pendingUser.email, password: PASSWORD }, freshClient());
    expect((await emailsTo(pending)).map((email) => email.template)).toEqual(["confirm-recovery-address"]);
  });

  it("can be typed on /mot-de-passe-oublie: the reset link goes to it, and to it alone", async () => {
    const { user, recoveryEmail } = await userWithConfirmedAddress();
    const request = await requestPasswordReset(recoveryEmail, freshClient(), "fr");
    expect(request.outcome).toBe("sent");
    await request.delivery();
    expect(await emailsTo(recoveryEmail, "reset-password")).toHaveLength(1);
    expect(await emailsTo(user.email, "reset-password")).toHaveLength(0);
  });

  it("can be typed on /deverrouillage: the unlock link goes to it, not to the main address", async () => {
    const { user, recoveryEmail } = await userWithConfirmedAddress();
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      await authenticate({ identifier: user.email, password: "wrong-password" }, freshClient());
    }
    const before = (await emailsTo(user.email, "unlock-account")).length;
    const request = await requestUnlock(recoveryEmail, freshClient(), "fr");
    await request.delivery();
    expect(await emailsTo(user.email, "unlock-account")).toHaveLength(before);
    // The lock's notice was copied to it, and the link asked for went to it.
    expect(await emailsTo(recoveryEmail, "unlock-account")).toHaveLength(before + 1);
  });

  it("a pending address typed on the request pages is an address without an account", async () => {
    const user = await createUser();
    const pending = freshAddress();
    await saveAddress(user.id, pending);
    const request = await requestPasswordReset(pending, freshClient(), "fr");
    await request.delivery();
    expect(await emailsTo(pending, "reset-password")).toHaveLength(0);
    expect(await emailsTo(pending, "no-account")).toHaveLength(1);
  });
});
