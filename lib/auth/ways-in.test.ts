import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createUser, emailsTo, freshClient, PASSWORD, tokenFromEmail } from "@/lib/testing/factories";
import { addPasskey, passkeySignIn } from "@/lib/testing/passkeys";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { authenticate } from "./authenticate";
import { readDeviceCookie } from "./known-device";
import { secureAccountByNotMeToken } from "./not-me";
import { requestPasswordReset, resetPasswordByToken } from "./recovery";
import { resolveSession, signOutEverywhere } from "./session";
import { advanceClock, resetClock } from "@/lib/clock";
import { requestAccountDeletion } from "@/lib/privacy/deletion";
import { eraseDueAccounts } from "@/lib/privacy/erasure";
import { requestEmailChange } from "./email-change";
import { confirmRecoveryAddressByToken, setRecoveryAddress } from "./recovery-address";
import { applyDueRecoveries, confirmRecoveryRequestByToken, decideRecoveryRequest, openRecoveryRequest } from "./lost-mailbox";

// docs/ways-in.md, one test per cell that exists today: what each of
// "Se déconnecter partout", a password reset, "Ce n'était pas moi" and an
// account deletion, and a recovery through the lost-mailbox flow, do to each
// way into an account. The rows that arrive with later features (TOTP,
// recovery codes, OIDC grants) have none yet.

const NEW_PASSWORD = "Orage-Pivoine-Cobalt-58";

/** An account with every way in open: a session and its known browser, the password, an old passkey and a recent one. */
async function openAccount() {
  const user = await createUser();
  const old = new SoftwareAuthenticator();
  await addPasskey(user.id, old);
  await db.passkey.updateMany({
    where: { userId: user.id },
    data: { createdAt: new Date(Date.now() - (env().NOT_ME_TOKEN_TTL_DAYS + 30) * 86_400_000) },
  });
  const recent = new SoftwareAuthenticator();
  await addPasskey(user.id, recent);
  const signedIn = await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
  if (!signedIn.ok) throw new Error(signedIn.code);
  return { user, old, recent, sessionId: signedIn.sessionId, device: readDeviceCookie(signedIn.deviceCookie!.value)! };
}

type Account = Awaited<ReturnType<typeof openAccount>>;

const ways = {
  session: async (a: Account) => (await resolveSession(a.sessionId)) !== null,
  knownBrowser: async (a: Account) => (await db.knownDevice.count({ where: { userId: a.user.id } })) > 0,
  password: async (a: Account, password = PASSWORD) => (await authenticate({ identifier: a.user.email, password }, freshClient())).ok,
  oldPasskey: async (a: Account) => (await passkeySignIn(a.old)).ok,
  recentPasskey: async (a: Account) => (await passkeySignIn(a.recent)).ok,
};

async function reset(a: Account) {
  await (await requestPasswordReset(a.user.email, freshClient(), "fr")).delivery();
  const token = tokenFromEmail((await emailsTo(a.user.email, "reset-password")).at(-1)!.html, "/reinitialisation");
  expect(await resetPasswordByToken(token, NEW_PASSWORD, freshClient())).toEqual({ ok: true });
}

async function notMe(a: Account) {
  const alert = (await emailsTo(a.user.email, "new-device-alert")).at(-1)!;
  expect(await secureAccountByNotMeToken(tokenFromEmail(alert.html, "/ce-n-etait-pas-moi"), freshClient())).not.toBeNull();
}

describe("“Se déconnecter partout”", () => {
  it("ends every session", async () => {
    const a = await openAccount();
    await signOutEverywhere(a.user.id, freshClient());
    expect(await ways.session(a)).toBe(false);
  });
  it("forgets every known browser", async () => {
    const a = await openAccount();
    await signOutEverywhere(a.user.id, freshClient());
    expect(await ways.knownBrowser(a)).toBe(false);
  });
  it("keeps the password", async () => {
    const a = await openAccount();
    await signOutEverywhere(a.user.id, freshClient());
    expect(await ways.password(a)).toBe(true);
  });
  it("keeps every passkey", async () => {
    const a = await openAccount();
    await signOutEverywhere(a.user.id, freshClient());
    expect([await ways.oldPasskey(a), await ways.recentPasskey(a)]).toEqual([true, true]);
  });
});

describe("a password reset", () => {
  it("ends every session", async () => {
    const a = await openAccount();
    await reset(a);
    expect(await ways.session(a)).toBe(false);
  });
  it("forgets every known browser", async () => {
    const a = await openAccount();
    await reset(a);
    expect(await ways.knownBrowser(a)).toBe(false);
  });
  it("replaces the password", async () => {
    const a = await openAccount();
    await reset(a);
    expect([await ways.password(a), await ways.password(a, NEW_PASSWORD)]).toEqual([false, true]);
  });
  it("keeps every passkey (docs/ways-in.md says why)", async () => {
    const a = await openAccount();
    await reset(a);
    expect([await ways.oldPasskey(a), await ways.recentPasskey(a)]).toEqual([true, true]);
  });
});

describe("“Ce n’était pas moi”", () => {
  it("ends every session", async () => {
    const a = await openAccount();
    await notMe(a);
    expect(await ways.session(a)).toBe(false);
  });
  it("forgets every known browser", async () => {
    const a = await openAccount();
    await notMe(a);
    expect(await ways.knownBrowser(a)).toBe(false);
  });
  it("makes the password unusable until a reset sets a new one", async () => {
    const a = await openAccount();
    await notMe(a);
    expect(await ways.password(a)).toBe(false);
    await reset(a);
    expect(await ways.password(a, NEW_PASSWORD)).toBe(true);
  });
  it("removes the passkeys added in the last NOT_ME_TOKEN_TTL_DAYS (an intruder's), keeps older ones", async () => {
    const a = await openAccount();
    await notMe(a);
    expect([await ways.oldPasskey(a), await ways.recentPasskey(a)]).toEqual([true, false]);
  });
});

// A deletion closes the account at once and erases it after ACCOUNT_DELETION_DELAY_DAYS.
async function deleteAccount(a: Account) {
  expect((await requestAccountDeletion({ userId: a.user.id, password: PASSWORD }, freshClient())).ok).toBe(true);
}

async function eraseAfterTheDelay() {
  advanceClock(env().ACCOUNT_DELETION_DELAY_DAYS * 86_400_000 + 60_000);
  await eraseDueAccounts();
}

describe("an account deletion", () => {
  afterEach(() => resetClock());

  it("ends every session", async () => {
    const a = await openAccount();
    await deleteAccount(a);
    expect(await ways.session(a)).toBe(false);
  });
  it("forgets every known browser", async () => {
    const a = await openAccount();
    await deleteAccount(a);
    expect(await ways.knownBrowser(a)).toBe(false);
  });
  it("lets the password open no session during the delay (only “Annuler la suppression”), and nothing once erased", async () => {
    const a = await openAccount();
    await deleteAccount(a);
    const closed = await authenticate({ identifier: a.user.email, password: PASSWORD }, freshClient());
    expect(closed).toMatchObject({ ok: false, code: "accountClosing" });
    await eraseAfterTheDelay();
    expect(await authenticate({ identifier: a.user.email, password: PASSWORD }, freshClient())).toEqual({
      ok: false,
      code: "invalidCredentials",
    });
  });
  it("lets no passkey open a session during the delay, and removes every one with the account", async () => {
    const a = await openAccount();
    await deleteAccount(a);
    expect([await passkeySignIn(a.old), await passkeySignIn(a.recent)]).toEqual([
      expect.objectContaining({ ok: false, code: "accountClosing" }),
      expect.objectContaining({ ok: false, code: "accountClosing" }),
    ]);
    await eraseAfterTheDelay();
    expect(await db.passkey.count({ where: { userId: a.user.id } })).toBe(0);
    expect([await ways.oldPasskey(a), await ways.recentPasskey(a)]).toEqual([false, false]);
  });
  it("cancels a pending email change", async () => {
    const a = await openAccount();
    expect((await requestEmailChange({ userId: a.user.id, password: PASSWORD, newEmail: `new-${a.user.email}` }, freshClient())).ok).toBe(
      true,
    );
    await deleteAccount(a);
    expect(await db.token.count({ where: { userId: a.user.id, purpose: "email_change", usedAt: null } })).toBe(0);
  });
});

describe("each action cancels a pending email change (the row's other cells)", () => {
  const pendingChanges = (a: Account) => db.token.count({ where: { userId: a.user.id, purpose: "email_change", usedAt: null } });
  const withPendingChange = async () => {
    const a = await openAccount();
    expect((await requestEmailChange({ userId: a.user.id, password: PASSWORD, newEmail: `new-${a.user.email}` }, freshClient())).ok).toBe(
      true,
    );
    return a;
  };
  it("“Se déconnecter partout” keeps it", async () => {
    const a = await withPendingChange();
    await signOutEverywhere(a.user.id, freshClient());
    expect(await pendingChanges(a)).toBe(1);
  });
  it("a password reset cancels it", async () => {
    const a = await withPendingChange();
    await reset(a);
    expect(await pendingChanges(a)).toBe(0);
  });
  it("“Ce n’était pas moi” cancels it", async () => {
    const a = await withPendingChange();
    await notMe(a);
    expect(await pendingChanges(a)).toBe(0);
  });
});

describe("each action and the recovery address (its row)", () => {
  afterEach(() => resetClock());

  /** An account whose confirmed recovery address was saved `daysAgo` days ago. */
  const withRecoveryAddress = async (daysAgo = 0) => {
    const a = await openAccount();
    const recoveryEmail = `secours-${a.user.email}`;
    await setRecoveryAddress({ userId: a.user.id, password: PASSWORD, recoveryEmail }, freshClient());
    const [sent] = await emailsTo(recoveryEmail, "confirm-recovery-address");
    expect(await confirmRecoveryAddressByToken(tokenFromEmail(sent!.html, "/adresse-de-secours"))).toBe(true);
    await db.recoveryAddress.updateMany({ where: { userId: a.user.id }, data: { createdAt: new Date(Date.now() - daysAgo * 86_400_000) } });
    return { ...a, recoveryEmail };
  };
  /** Whether the address still opens the account: a reset asked for on it sends it a link. */
  const resetsThrough = async (a: Awaited<ReturnType<typeof withRecoveryAddress>>) => {
    const before = (await emailsTo(a.recoveryEmail, "reset-password")).length;
    await (await requestPasswordReset(a.recoveryEmail, freshClient(), "fr")).delivery();
    return (await emailsTo(a.recoveryEmail, "reset-password")).length > before;
  };

  it("“Se déconnecter partout” keeps it", async () => {
    const a = await withRecoveryAddress();
    await signOutEverywhere(a.user.id, freshClient());
    expect(await resetsThrough(a)).toBe(true);
  });
  it("a password reset keeps it", async () => {
    const a = await withRecoveryAddress();
    await reset(a);
    expect(await resetsThrough(a)).toBe(true);
  });
  it("“Ce n’était pas moi” removes one saved in the last NOT_ME_TOKEN_TTL_DAYS (an intruder's), keeps an older one", async () => {
    const recent = await withRecoveryAddress(0);
    await notMe(recent);
    expect(await resetsThrough(recent)).toBe(false);
    const older = await withRecoveryAddress(env().NOT_ME_TOKEN_TTL_DAYS + 30);
    await notMe(older);
    expect(await resetsThrough(older)).toBe(true);
  });
  it("an account deletion removes it with the account", async () => {
    const a = await withRecoveryAddress();
    await deleteAccount(a);
    await eraseAfterTheDelay();
    expect(await db.recoveryAddress.count({ where: { email: a.recoveryEmail } })).toBe(0);
    expect(await resetsThrough(a)).toBe(false);
  });
});

describe("a recovery (lost mailbox) taking effect", () => {
  /** The owner's own request, from the known browser with the password: it takes effect when the new address confirms it. */
  async function recover(a: Account, options: { password?: string } = { password: PASSWORD }) {
    const newEmail = `recuperee-${a.user.email}`;
    await openRecoveryRequest({ identifier: a.user.email, newEmail, password: options.password }, freshClient(), a.device);
    const [confirmation] = await emailsTo(newEmail, "confirm-recovery-request");
    const outcome = await confirmRecoveryRequestByToken(tokenFromEmail(confirmation!.html, "/demande-de-recuperation"));
    if (outcome === "waiting") {
      const request = await db.recoveryRequest.findFirstOrThrow({ where: { userId: a.user.id, status: "waiting" } });
      await decideRecoveryRequest(request.id, "approve", { actorId: crypto.randomUUID(), reason: "test" }, freshClient());
      await db.recoveryRequest.update({ where: { id: request.id }, data: { dueAt: new Date(0) } });
      expect(await applyDueRecoveries()).toBeGreaterThanOrEqual(1);
    } else expect(outcome).toBe("applied");
    expect((await db.user.findUniqueOrThrow({ where: { id: a.user.id } })).email).toBe(newEmail);
    return newEmail;
  }

  it("ends every session", async () => {
    const a = await openAccount();
    await recover(a);
    expect(await ways.session(a)).toBe(false);
  });
  it("forgets every known browser", async () => {
    const a = await openAccount();
    await recover(a);
    expect(await ways.knownBrowser(a)).toBe(false);
  });
  it("keeps the password; unless the request proved it, a reset link goes to the new address", async () => {
    const proven = await openAccount();
    const provenAddress = await recover(proven);
    expect((await authenticate({ identifier: provenAddress, password: PASSWORD }, freshClient())).ok).toBe(true);
    expect(await emailsTo(provenAddress, "reset-password")).toHaveLength(0);
    const unproven = await openAccount();
    const unprovenAddress = await recover(unproven, {});
    expect(await emailsTo(unprovenAddress, "reset-password")).toHaveLength(1);
  });
  it("keeps every passkey", async () => {
    const a = await openAccount();
    await recover(a);
    expect([await ways.oldPasskey(a), await ways.recentPasskey(a)]).toEqual([true, true]);
  });
  it("cancels a pending email change", async () => {
    const a = await openAccount();
    await requestEmailChange({ userId: a.user.id, password: PASSWORD, newEmail: `new-${a.user.email}` }, freshClient());
    await recover(a);
    expect(await db.token.count({ where: { userId: a.user.id, purpose: "email_change", usedAt: null } })).toBe(0);
  });
  it("keeps the recovery address", async () => {
    const a = await openAccount();
    const recoveryEmail = `secours-${a.user.email}`;
    await setRecoveryAddress({ userId: a.user.id, password: PASSWORD, recoveryEmail }, freshClient());
    const [sent] = await emailsTo(recoveryEmail, "confirm-recovery-address");
    await confirmRecoveryAddressByToken(tokenFromEmail(sent!.html, "/adresse-de-secours"));
    await recover(a);
    expect(await db.recoveryAddress.count({ where: { userId: a.user.id, email: recoveryEmail, confirmedAt: { not: null } } })).toBe(1);
  });
});
