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
import { settleDeferredWork } from "@/lib/request/deferred-work";
import { setBackchannelSender } from "./oidc/access";
import { currentGrantId, OidcStore } from "./oidc/store";
import { subjectOf } from "./oidc/subjects";

// docs/ways-in.md, one test per cell that exists today: what each of
// "Se déconnecter partout", a password reset, "Ce n'était pas moi" and an
// account deletion does to each way into an account. The column that
// arrives with a later feature (a recovery through the lost-mailbox flow)
// and rows (TOTP, recovery codes, a recovery address) have none yet.

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
  it("an account deletion ends its session and tokens and takes the consent back at once", async () => {
    const { a, state } = await signedInApplication();
    expect((await requestAccountDeletion({ userId: a.user.id, password: PASSWORD }, freshClient())).ok).toBe(true);
    expect(await state()).toEqual({ ...ended, consent: false });
  });
});
