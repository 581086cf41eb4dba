import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { advanceClock, resetClock } from "@/lib/clock";
import { env } from "@/lib/env";
import { authenticate } from "@/lib/auth/authenticate";
import { requestEmailChange } from "@/lib/auth/email-change";
import { readDeviceCookie } from "@/lib/auth/known-device";
import { resolveSession } from "@/lib/auth/session";
import { verify } from "@/lib/request/signed-cookie";
import { createUser, emailsTo, freshClient, PASSWORD, tokenFromEmail } from "@/lib/testing/factories";
import { addPasskey, passkeySignIn } from "@/lib/testing/passkeys";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { startPasskeySignIn } from "@/lib/auth/passkeys/assertion";
import { accountView } from "@/lib/support/console";
import { supportActions } from "@/lib/validation/support";
import { readChallengeCookie } from "@/lib/auth/passkeys/challenges";
import {
  cancelDeletion,
  cancelDeletionByToken,
  deletionCancelLink,
  requestAccountDeletion,
  requestAccountDeletionWithPasskey,
  scheduledDeletion,
  startDeletionWithPasskey,
} from "./deletion";

afterEach(() => resetClock());

const DAY_MS = 86_400_000;

/** A confirmed account signed in from one browser, with its session and device token. */
async function signedInAccount() {
  const user = await createUser();
  const signedIn = await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
  if (!signedIn.ok) throw new Error(signedIn.code);
  return { user, sessionId: signedIn.sessionId, deviceToken: readDeviceCookie(signedIn.deviceCookie!.value)! };
}

/** What the closed-account cookie of a sign-in into the account proves. */
async function closedProof(email: string) {
  const signedIn = await authenticate({ identifier: email, password: PASSWORD }, freshClient());
  if (signedIn.ok || !signedIn.closedAccountCookie) throw new Error("no proof");
  const [userId, due] = verify("closed-account", signedIn.closedAccountCookie.value)!.split(":") as [string, string];
  return { userId, dueAt: new Date(Number(due)) };
}

const cancelToken = async (email: string) =>
  tokenFromEmail((await emailsTo(email, "account-deletion")).at(-1)!.html, "/annulation-suppression");

describe("“Supprimer mon compte”", () => {
  it("closes the account at once: sessions end, known browsers are forgotten, email changes cancelled, one email says when and how to cancel", async () => {
    const { user, sessionId, deviceToken } = await signedInAccount();
    expect((await requestEmailChange({ userId: user.id, password: PASSWORD, newEmail: `new-${user.email}` }, freshClient())).ok).toBe(true);

    const result = await requestAccountDeletion({ userId: user.id, password: PASSWORD }, freshClient(), deviceToken);

    expect(result.ok).toBe(true);
    const due = result.ok ? result.dueAt.getTime() : 0;
    expect(Math.abs(due - (Date.now() + env().ACCOUNT_DELETION_DELAY_DAYS * DAY_MS))).toBeLessThan(60_000);
    expect(await resolveSession(sessionId)).toBeNull();
    expect(await db.knownDevice.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.token.count({ where: { userId: user.id, purpose: "email_change", usedAt: null } })).toBe(0);
    const [email] = await emailsTo(user.email, "account-deletion");
    expect(email!.subject).toBe("Votre compte va être supprimé");
    expect(email!.text).toContain("Annuler la suppression");
    expect(email!.text).toContain("/annulation-suppression/");
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "account.deletion_requested" } })).toBe(1);
    expect(await scheduledDeletion(user.id)).toMatchObject({ pseudo: user.pseudo });
  });

  it("refuses a wrong password, closing nothing, and counts it towards the lockout", async () => {
    const { user, sessionId } = await signedInAccount();
    const result = await requestAccountDeletion({ userId: user.id, password: "Pas-Le-Bon-Mot-De-Passe-1" }, freshClient());
    expect(result).toEqual({ ok: false, field: "password", code: "invalidCredentials" });
    expect(await resolveSession(sessionId)).toBe(user.id);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).deletionDueAt).toBeNull();
    expect(await emailsTo(user.email, "account-deletion")).toEqual([]);
    expect((await db.lockPath.findFirstOrThrow({ where: { userId: user.id } })).failedAttempts).toBe(1);
  });

  it("of two racing requests (a double submit), closes the account once and sends one email", async () => {
    const { user } = await signedInAccount();
    const results = await Promise.all([
      requestAccountDeletion({ userId: user.id, password: PASSWORD }, freshClient()),
      requestAccountDeletion({ userId: user.id, password: PASSWORD }, freshClient()),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, true]);
    expect(await emailsTo(user.email, "account-deletion")).toHaveLength(1);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "account.deletion_requested" } })).toBe(1);
  });

  it("a double submit's second request, arriving after the first closed the account, reports the same date and sends nothing more", async () => {
    const { user } = await signedInAccount();
    const first = await requestAccountDeletion({ userId: user.id, password: PASSWORD }, freshClient());
    const second = await requestAccountDeletion({ userId: user.id, password: PASSWORD }, freshClient());
    expect(first.ok && second.ok && second.dueAt.getTime() === first.dueAt.getTime()).toBe(true);
    expect(await emailsTo(user.email, "account-deletion")).toHaveLength(1);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "account.deletion_requested" } })).toBe(1);
  });

  it("while closed, the right password or a passkey opens no session and only proves the account for /suppression-prevue", async () => {
    const user = await createUser();
    const authenticator = new SoftwareAuthenticator();
    await addPasskey(user.id, authenticator);
    expect((await requestAccountDeletion({ userId: user.id, password: PASSWORD }, freshClient())).ok).toBe(true);
    const sessionsBefore = await db.session.count({ where: { userId: user.id } });

    const byPassword = await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    const byPasskey = await passkeySignIn(authenticator);
    const wrong = await authenticate({ identifier: user.email, password: "Pas-Le-Bon-Mot-De-Passe-1" }, freshClient());

    for (const result of [byPassword, byPasskey]) {
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.code).toBe("accountClosing");
      expect(verify("closed-account", result.closedAccountCookie!.value)).toMatch(new RegExp(`^${user.id}:\\d+$`));
    }
    // A wrong password learns nothing about the closure.
    expect(wrong).toEqual({ ok: false, code: "invalidCredentials" });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(sessionsBefore);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: { in: ["signin.success", "signin.passkey"] } } })).toBe(0);
  });

  it("the emailed button keeps the account: the password signs in again, the link is spent, and opening it shows the button without using it", async () => {
    const { user } = await signedInAccount();
    await requestAccountDeletion({ userId: user.id, password: PASSWORD }, freshClient());
    const token = await cancelToken(user.email);

    expect(await deletionCancelLink.check(token)).toBe("live");
    expect(await deletionCancelLink.check(token)).toBe("live");
    const pressed = await Promise.all([cancelDeletionByToken(token, freshClient()), cancelDeletionByToken(token, freshClient())]);

    expect(pressed.filter(Boolean)).toHaveLength(1);
    expect(await scheduledDeletion(user.id)).toBeNull();
    expect((await authenticate({ identifier: user.email, password: PASSWORD }, freshClient())).ok).toBe(true);
    expect(await deletionCancelLink.check(token)).toBe("refused");
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "account.deletion_cancelled" } })).toBe(1);
  });

  it("cancelling after a sign-in reopens the account, retires the emailed link and tells the owner by email", async () => {
    const { user } = await signedInAccount();
    await requestAccountDeletion({ userId: user.id, password: PASSWORD }, freshClient());
    const token = await cancelToken(user.email);
    const proof = await closedProof(user.email);

    expect(await cancelDeletion(proof, freshClient())).toBe(true);
    expect(await cancelDeletion(proof, freshClient())).toBe(false);
    expect(await cancelDeletionByToken(token, freshClient())).toBe(false);
    expect((await authenticate({ identifier: user.email, password: PASSWORD }, freshClient())).ok).toBe(true);
    const [told] = await emailsTo(user.email, "deletion-cancelled");
    expect(told!.subject).toBe("Votre compte ne sera pas supprimé");
  });

  it("a closed account's proof serves that closure only: after a reopening and a new deletion, the old cookie cancels nothing", async () => {
    const { user } = await signedInAccount();
    await requestAccountDeletion({ userId: user.id, password: PASSWORD }, freshClient());
    const first = await closedProof(user.email);
    expect(await cancelDeletion(first, freshClient())).toBe(true);
    advanceClock(1000);
    await requestAccountDeletion({ userId: user.id, password: PASSWORD }, freshClient());

    expect(await cancelDeletion(first, freshClient())).toBe(false);
    expect(await scheduledDeletion(first.userId, first.dueAt)).toBeNull();
    expect(await scheduledDeletion(user.id)).not.toBeNull();
    expect(await cancelDeletion(await closedProof(user.email), freshClient())).toBe(true);
  });

  it("a right password on a closed account is journaled; a wrong one is not told apart from any other", async () => {
    const { user } = await signedInAccount();
    await requestAccountDeletion({ userId: user.id, password: PASSWORD }, freshClient());
    await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "signin.closed_account" } })).toBe(1);
  });

  it("no sign-in that races the closure keeps a session: the closure ends it or the sign-in opens none", async () => {
    const { user } = await signedInAccount();
    const [closed, ...signIns] = await Promise.all([
      requestAccountDeletion({ userId: user.id, password: PASSWORD }, freshClient()),
      ...Array.from({ length: 6 }, () => authenticate({ identifier: user.email, password: PASSWORD }, freshClient())),
    ]);
    expect(closed!.ok).toBe(true);
    for (const result of signIns) expect(result.ok ? "ok" : result.code).toMatch(/^(ok|accountClosing)$/);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("once the grace period is over, nothing cancels it any more", async () => {
    const { user } = await signedInAccount();
    await requestAccountDeletion({ userId: user.id, password: PASSWORD }, freshClient());
    const token = await cancelToken(user.email);
    advanceClock(env().ACCOUNT_DELETION_DELAY_DAYS * DAY_MS + 60_000);
    expect(await deletionCancelLink.check(token)).toBe("refused");
    expect(await cancelDeletionByToken(token, freshClient())).toBe(false);
    expect(
      await cancelDeletion(
        { userId: user.id, dueAt: (await db.user.findUniqueOrThrow({ where: { id: user.id } })).deletionDueAt! },
        freshClient(),
      ),
    ).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).deletionDueAt).not.toBeNull();
  });

  it("a passkey of the account closes it too; another account's passkey, a sign-in challenge or a replayed answer does not", async () => {
    const user = await createUser();
    const other = await createUser();
    const mine = new SoftwareAuthenticator({ counts: true });
    const theirs = new SoftwareAuthenticator({ counts: true });
    await addPasskey(user.id, mine);
    await addPasskey(other.id, theirs);
    const start = async () => {
      const started = await startDeletionWithPasskey(user.id);
      if (!started.ok) throw new Error(started.code);
      return { options: started.options, challengeId: readChallengeCookie(started.cookie.value) };
    };

    // Only this account's credentials are offered.
    const offered = await start();
    expect(offered.options.allowCredentials?.map((credential) => credential.id)).toEqual([mine.id]);

    // Another account's passkey, answering this account's challenge.
    const foreign = await start();
    expect(
      await requestAccountDeletionWithPasskey(user.id, JSON.stringify(theirs.assert(foreign.options)), foreign.challengeId, freshClient()),
    ).toEqual({
      ok: false,
      code: "passkeyRefused",
    });
    // A sign-in challenge (not bound to the account) does not serve.
    const signIn = await startPasskeySignIn(freshClient());
    if (!signIn.ok) throw new Error(signIn.code);
    expect(
      await requestAccountDeletionWithPasskey(
        user.id,
        JSON.stringify(mine.assert(signIn.options)),
        readChallengeCookie(signIn.cookie.value),
        freshClient(),
      ),
    ).toEqual({ ok: false, code: "passkeyRefused" });
    expect(await scheduledDeletion(user.id)).toBeNull();

    const good = await start();
    const answer = JSON.stringify(mine.assert(good.options));
    expect((await requestAccountDeletionWithPasskey(user.id, answer, good.challengeId, freshClient())).ok).toBe(true);
    expect(await scheduledDeletion(user.id)).not.toBeNull();
    expect(await emailsTo(user.email, "account-deletion")).toHaveLength(1);
    // The same answer again: its challenge is spent.
    expect(await requestAccountDeletionWithPasskey(user.id, answer, good.challengeId, freshClient())).toEqual({
      ok: false,
      code: "passkeyRefused",
    });
  });

  it("support's account view shows the erasure date, and the console has no action that changes it", async () => {
    const { user } = await signedInAccount();
    const result = await requestAccountDeletion({ userId: user.id, password: PASSWORD }, freshClient());
    if (!result.ok) throw new Error(result.code);
    expect((await accountView(user.id))!.user.deletionDueAt).toEqual(result.dueAt);
    expect(supportActions.filter((action) => /delet|cancel|erase|closing/i.test(action))).toEqual([]);
  });

  it("the passkey's second step is counted before it is checked, so forged answers cannot flood the journal", async () => {
    const user = await createUser();
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await requestAccountDeletionWithPasskey(user.id, "{}", undefined, freshClient()));
    expect(answers.at(-1)).toEqual({ ok: false, code: "rateLimited" });
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "signin.passkey_failure" } })).toBeLessThanOrEqual(
      env().RATE_LIMIT_ACCOUNT_DELETION_PER_USER,
    );
  });

  it("an account without a passkey is offered none", async () => {
    const user = await createUser();
    expect(await startDeletionWithPasskey(user.id)).toEqual({ ok: false, code: "passkeyRefused" });
  });
});
