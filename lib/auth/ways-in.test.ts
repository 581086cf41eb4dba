import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createUser, emailsTo, freshClient, PASSWORD, tokenFromEmail } from "@/lib/testing/factories";
import { addPasskey, passkeySignIn } from "@/lib/testing/passkeys";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { authenticate, authenticateSecondStep } from "./authenticate";
import type { SecondStepProof } from "./two-step/challenge";
import { verify } from "@/lib/request/signed-cookie";
import { appCode, nextStep, turnOnTwoStep } from "@/lib/testing/two-step";
import { readDeviceCookie } from "./known-device";
import { secureAccountByNotMeToken } from "./not-me";
import { requestPasswordReset, resetPasswordByToken } from "./recovery";
import { resolveSession, signOutEverywhere } from "./session";
import { advanceClock, resetClock } from "@/lib/clock";
import { requestAccountDeletion } from "@/lib/privacy/deletion";
import { eraseDueAccounts } from "@/lib/privacy/erasure";
import { requestEmailChange } from "./email-change";
import { confirmRecoveryAddressByToken, setRecoveryAddress } from "./recovery-address";
import {
  applyDueRecoveries,
  confirmRecoveryRequestByToken,
  decideRecoveryRequest,
  openRecoveryRequest,
  openTwoStepRecoveryRequest,
} from "./lost-mailbox";
import { settleDeferredWork } from "@/lib/request/deferred-work";
import { setBackchannelSender } from "./oidc/access";
import { currentGrantId, OidcStore } from "./oidc/store";
import { subjectOf } from "./oidc/subjects";

// docs/ways-in.md, one test per cell: what each of "Se déconnecter partout",
// a password reset, "Ce n'était pas moi", a recovery through the
// lost-mailbox flow, a lost-authenticator recovery and an account deletion
// do to each way into an account.

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

/**
 * A recovery through the lost-mailbox flow, to its end. By default the owner's own request,
 * from the known browser with the password (it takes effect when the new address confirms it);
 * without a password it waits for an agent and the delay, both granted here.
 */
async function recover(
  a: { user: { id: string; email: string }; device?: Account["device"] },
  options: { password?: string } = { password: PASSWORD },
) {
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

describe("a recovery (lost mailbox) taking effect", () => {
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

/**
 * A lost-authenticator recovery ("J'ai perdu mon application d'authentification"), to its end:
 * two-step turned on if it is not, then the owner's request from its known browser with the
 * password, confirmed from the account's own address; its delay, which always runs, is moved past.
 */
async function recoverLostAuthenticator(a: { user: { id: string; email: string }; device?: Account["device"] }) {
  if ((await db.twoStep.count({ where: { userId: a.user.id } })) === 0) await turnOnTwoStep(a.user.id);
  await openTwoStepRecoveryRequest({ identifier: a.user.email, password: PASSWORD }, freshClient(), a.device);
  const confirmation = (await emailsTo(a.user.email, "confirm-recovery-request")).at(-1)!;
  expect(await confirmRecoveryRequestByToken(tokenFromEmail(confirmation.html, "/demande-de-recuperation"))).toBe("waiting");
  const request = await db.recoveryRequest.findFirstOrThrow({ where: { userId: a.user.id, status: "waiting" } });
  await db.recoveryRequest.update({ where: { id: request.id }, data: { dueAt: new Date(0) } });
  expect(await applyDueRecoveries()).toBeGreaterThanOrEqual(1);
  expect(await db.twoStep.count({ where: { userId: a.user.id } })).toBe(0);
}

describe("a lost-authenticator recovery taking effect", () => {
  it("keeps every session", async () => {
    const a = await openAccount();
    await recoverLostAuthenticator(a);
    expect(await ways.session(a)).toBe(true);
  });
  it("keeps every known browser", async () => {
    const a = await openAccount();
    await recoverLostAuthenticator(a);
    expect(await ways.knownBrowser(a)).toBe(true);
  });
  it("keeps the password, which alone signs in again", async () => {
    const a = await openAccount();
    await turnOnTwoStep(a.user.id);
    expect(await ways.password(a)).toBe(false);
    await recoverLostAuthenticator(a);
    expect(await ways.password(a)).toBe(true);
  });
  it("keeps every passkey", async () => {
    const a = await openAccount();
    await recoverLostAuthenticator(a);
    expect([await ways.oldPasskey(a), await ways.recentPasskey(a)]).toEqual([true, true]);
  });
  it("keeps a pending email change", async () => {
    const a = await openAccount();
    await requestEmailChange({ userId: a.user.id, password: PASSWORD, newEmail: `new-${a.user.email}` }, freshClient());
    await recoverLostAuthenticator(a);
    expect(await db.token.count({ where: { userId: a.user.id, purpose: "email_change", usedAt: null } })).toBe(1);
  });
  it("keeps the recovery address", async () => {
    const a = await openAccount();
    const recoveryEmail = `secours-${a.user.email}`;
    await setRecoveryAddress({ userId: a.user.id, password: PASSWORD, recoveryEmail }, freshClient());
    const [sent] = await emailsTo(recoveryEmail, "confirm-recovery-address");
    await confirmRecoveryAddressByToken(tokenFromEmail(sent!.html, "/adresse-de-secours"));
    await recoverLostAuthenticator(a);
    expect(await db.recoveryAddress.count({ where: { userId: a.user.id, email: recoveryEmail, confirmedAt: { not: null } } })).toBe(1);
  });
});

// The TOTP and recovery-code rows (docs/two-step.md): an account with two-step on, signed in
// through its code from a new browser (so the new-device alert's "Ce n'était pas moi" exists).
describe("TOTP and recovery codes", () => {
  afterEach(() => resetClock());

  async function twoStepAccount(options: { enabledDaysAgo?: number } = {}) {
    const user = await createUser();
    const { recoveryCodes } = await turnOnTwoStep(user.id);
    if (options.enabledDaysAgo)
      await db.twoStep.updateMany({
        where: { userId: user.id },
        data: { enabledAt: new Date(Date.now() - options.enabledDaysAgo * 86_400_000) },
      });
    const signedIn = await signInWith(user, PASSWORD, { kind: "app", code: await appCode(user.id) });
    if (!signedIn.ok) throw new Error(signedIn.code);
    nextStep();
    return { user, recoveryCodes, sessionId: signedIn.sessionId };
  }
  type TwoStepAccount = Awaited<ReturnType<typeof twoStepAccount>>;

  async function signInWith(user: { email: string }, password: string, proof: SecondStepProof) {
    const first = await authenticate({ identifier: user.email, password }, freshClient());
    if (first.ok || !first.twoStepCookie) return first;
    return authenticateSecondStep({ handle: verify("two-step", first.twoStepCookie.value), proof, remember: false }, freshClient());
  }

  const totpWorks = async (a: TwoStepAccount, password = PASSWORD) =>
    (await signInWith(a.user, password, { kind: "app", code: await appCode(a.user.id) })).ok;
  const recoveryCodeWorks = async (a: TwoStepAccount, password = PASSWORD) =>
    (await signInWith(a.user, password, { kind: "recovery", code: a.recoveryCodes[0]! })).ok;
  const asksTheCode = async (a: TwoStepAccount, password = PASSWORD) => {
    const result = await authenticate({ identifier: a.user.email, password }, freshClient());
    return !result.ok && result.code === "twoStepRequired";
  };
  const twoStepRows = async (a: TwoStepAccount) =>
    (await db.twoStep.count({ where: { userId: a.user.id } })) + (await db.recoveryCode.count({ where: { userId: a.user.id } }));
  const notMeTwoStep = async (a: TwoStepAccount) => {
    const alert = (await emailsTo(a.user.email, "new-device-alert")).at(-1)!;
    expect(await secureAccountByNotMeToken(tokenFromEmail(alert.html, "/ce-n-etait-pas-moi"), freshClient())).not.toBeNull();
  };
  const resetTwoStep = async (a: TwoStepAccount) => {
    await (await requestPasswordReset(a.user.email, freshClient(), "fr")).delivery();
    const token = tokenFromEmail((await emailsTo(a.user.email, "reset-password")).at(-1)!.html, "/reinitialisation");
    expect(await resetPasswordByToken(token, NEW_PASSWORD, freshClient())).toEqual({ ok: true });
  };

  it("“Se déconnecter partout” keeps TOTP: the code is still asked, and works", async () => {
    const a = await twoStepAccount();
    await signOutEverywhere(a.user.id, freshClient());
    expect(await asksTheCode(a)).toBe(true);
    expect(await totpWorks(a)).toBe(true);
  });
  it("“Se déconnecter partout” keeps the recovery codes", async () => {
    const a = await twoStepAccount();
    await signOutEverywhere(a.user.id, freshClient());
    expect(await recoveryCodeWorks(a)).toBe(true);
  });
  it("a password reset keeps TOTP: the new password still needs the code", async () => {
    const a = await twoStepAccount();
    await resetTwoStep(a);
    expect(await asksTheCode(a, NEW_PASSWORD)).toBe(true);
    expect(await totpWorks(a, NEW_PASSWORD)).toBe(true);
  });
  it("a password reset keeps the recovery codes", async () => {
    const a = await twoStepAccount();
    await resetTwoStep(a);
    expect(await recoveryCodeWorks(a, NEW_PASSWORD)).toBe(true);
  });
  it("“Ce n’était pas moi” turns off TOTP turned on in the last NOT_ME_TOKEN_TTL_DAYS, with its recovery codes", async () => {
    const a = await twoStepAccount();
    await notMeTwoStep(a);
    expect(await twoStepRows(a)).toBe(0);
    expect((await emailsTo(a.user.email, "two-step-notice")).map((email) => email.props)).toContainEqual(
      expect.objectContaining({ change: "disabled" }),
    );
  });
  it("“Ce n’était pas moi” keeps TOTP turned on before that window, and its recovery codes", async () => {
    const a = await twoStepAccount({ enabledDaysAgo: env().NOT_ME_TOKEN_TTL_DAYS + 1 });
    await notMeTwoStep(a);
    expect(await twoStepRows(a)).toBe(1 + a.recoveryCodes.length);
  });
  it("an account deletion: the right password leads only to “Annuler la suppression”, and TOTP and the codes are erased with the account", async () => {
    const a = await twoStepAccount();
    expect((await requestAccountDeletion({ userId: a.user.id, password: PASSWORD }, freshClient())).ok).toBe(true);
    expect(await authenticate({ identifier: a.user.email, password: PASSWORD }, freshClient())).toMatchObject({
      ok: false,
      code: "accountClosing",
    });
    await eraseAfterTheDelay();
    expect(await twoStepRows(a)).toBe(0);
  });
  it("a lost-authenticator recovery turns TOTP off: no code is asked, the password alone signs in", async () => {
    const a = await twoStepAccount();
    await recoverLostAuthenticator(a);
    expect(await asksTheCode(a)).toBe(false);
    expect((await authenticate({ identifier: a.user.email, password: PASSWORD }, freshClient())).ok).toBe(true);
  });
  it("a lost-authenticator recovery removes the recovery codes", async () => {
    const a = await twoStepAccount();
    await recoverLostAuthenticator(a);
    expect(a.recoveryCodes.length).toBeGreaterThan(0);
    expect(await db.recoveryCode.count({ where: { userId: a.user.id } })).toBe(0);
  });
  it("a recovery (lost mailbox) keeps TOTP and the recovery codes: the recovered account still asks for the code", async () => {
    const a = await twoStepAccount();
    const newEmail = await recover(a, {});
    const recovered = { ...a, user: { ...a.user, email: newEmail } };
    expect(await asksTheCode(recovered)).toBe(true);
    expect(await totpWorks(recovered)).toBe(true);
    expect(await recoveryCodeWorks(recovered)).toBe(true);
  });
});

describe("an application signed in to with Sésame (OIDC grant)", () => {
  /** What oidc-provider stores for an account signed in to one application, and a back-channel receiver. */
  async function signedInApplication() {
    const a = await openAccount();
    const subject = await subjectOf(a.user.id);
    const [grantId, sessionId, refresh] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await new OidcStore("Grant").upsert(grantId, { accountId: subject, clientId: "forum" }, 3600);
    await new OidcStore("Session").upsert(
      sessionId,
      { uid: crypto.randomUUID(), accountId: subject, authorizations: { forum: { sid: "sid-1", grantId } } },
      3600,
    );
    await new OidcStore("RefreshToken").upsert(refresh, { accountId: subject, clientId: "forum", grantId }, 3600);
    const logouts: string[] = [];
    setBackchannelSender(async (clientId, sub, sid) => void logouts.push(`${clientId} ${sub === subject} ${sid}`));
    const state = async () => {
      await settleDeferredWork();
      return {
        session: (await new OidcStore("Session").find(sessionId)) !== undefined,
        refreshToken: (await new OidcStore("RefreshToken").find(refresh)) !== undefined,
        consent: (await currentGrantId(subject, "forum")) !== undefined,
        logouts,
      };
    };
    return { a, state };
  }
  afterEach(() => setBackchannelSender(undefined));

  const ended = { session: false, refreshToken: false, consent: true, logouts: ["forum true sid-1"] };

  it("“Se déconnecter partout” ends its session and tokens, sends the back-channel logout, keeps the consent", async () => {
    const { a, state } = await signedInApplication();
    await signOutEverywhere(a.user.id, freshClient());
    expect(await state()).toEqual(ended);
  });
  it("a password reset ends its session and tokens, sends the back-channel logout, keeps the consent", async () => {
    const { a, state } = await signedInApplication();
    await reset(a);
    expect(await state()).toEqual(ended);
  });
  it("“Ce n’était pas moi” ends its session and tokens, sends the back-channel logout, keeps the consent", async () => {
    const { a, state } = await signedInApplication();
    await notMe(a);
    expect(await state()).toEqual(ended);
  });
  it("a recovery (lost mailbox) ends its session and tokens, sends the back-channel logout, keeps the consent", async () => {
    const { a, state } = await signedInApplication();
    await recover(a);
    expect(await state()).toEqual(ended);
  });
  it("a lost-authenticator recovery keeps its session, tokens and consent", async () => {
    const { a, state } = await signedInApplication();
    await recoverLostAuthenticator(a);
    expect(await state()).toEqual({ session: true, refreshToken: true, consent: true, logouts: [] });
  });
  it("an account deletion ends its session and tokens and takes the consent back at once", async () => {
    const { a, state } = await signedInApplication();
    expect((await requestAccountDeletion({ userId: a.user.id, password: PASSWORD }, freshClient())).ok).toBe(true);
    expect(await state()).toEqual({ ...ended, consent: false });
  });
});
