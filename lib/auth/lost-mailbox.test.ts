import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { advanceClock, now, resetClock } from "@/lib/clock";
import { env } from "@/lib/env";
import { createUser, emailsTo, freshClient, lockState, PASSWORD, tokenFromEmail } from "@/lib/testing/factories";
import type { ClientInfo } from "@/lib/request/client-info";
import { authenticate } from "./authenticate";
import { readDeviceCookie } from "./known-device";
import { startPasskeySignIn } from "./passkeys/assertion";
import { readChallengeCookie } from "./passkeys/challenges";
import { addPasskey } from "@/lib/testing/passkeys";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import {
  applyDueRecoveries,
  cancelRecoveryByToken,
  cancelRecoveryFromAccount,
  confirmRecoveryRequestByToken,
  decideRecoveryRequest,
  openRecoveryRequest,
  openTwoStepRecoveryRequest,
  type PasskeyProof,
  pendingRecoveryOf,
  recoveryRequestsToReview,
  requestRecovery,
  requestTwoStepRecovery,
  waitFor,
} from "./lost-mailbox";
import { confirmRecoveryAddressByToken, recoveryAddressOf, setRecoveryAddress } from "./recovery-address";
import { resolveSession } from "./session";
import { disableTwoStep } from "./two-step";
import { appCode, turnOnTwoStep } from "@/lib/testing/two-step";

afterEach(() => resetClock());

const DELAY_MS = () => env().RECOVERY_DELAY_DAYS * 86_400_000;
let counter = 0;
const freshAddress = () => `recuperee${Date.now().toString(36)}${++counter}@example.test`;

/** A signed-in owner: the session and the known browser's cookie. */
async function ownerSignedIn() {
  const user = await createUser();
  const signedIn = await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
  if (!signedIn.ok) throw new Error(signedIn.code);
  return { user, sessionId: signedIn.sessionId, deviceToken: readDeviceCookie(signedIn.deviceCookie!.value)! };
}

/** A passkey's answer to a sign-in challenge, as /acces-perdu's « Prouver avec une clé d'accès » gives it. */
async function assertion(authenticator: SoftwareAuthenticator): Promise<PasskeyProof> {
  const start = await startPasskeySignIn(freshClient());
  if (!start.ok) throw new Error(start.code);
  return { response: JSON.stringify(authenticator.assert(start.options)), challengeId: readChallengeCookie(start.cookie.value) };
}

/** Makes the request (its work too, as after the answer) and presses the link sent to the new address. */
async function requestAndConfirm(
  identifier: string,
  options: { password?: string; deviceToken?: string; client?: ClientInfo; newEmail?: string; passkey?: PasskeyProof } = {},
) {
  const newEmail = options.newEmail ?? freshAddress();
  const id = await openRecoveryRequest(
    { identifier, newEmail, password: options.password, passkey: options.passkey },
    options.client ?? freshClient(),
    options.deviceToken,
  );
  expect(id).not.toBeNull();
  const [confirmation] = await emailsTo(newEmail, "confirm-recovery-request");
  const outcome = await confirmRecoveryRequestByToken(tokenFromEmail(confirmation!.html, "/demande-de-recuperation"));
  return { id: id!, newEmail, outcome };
}

const emailOf = async (userId: string) => (await db.user.findUniqueOrThrow({ where: { id: userId } })).email;
const agent = { actorId: crypto.randomUUID(), reason: "Pièce d’identité vérifiée par téléphone" };

describe("the wait the evidence earns", () => {
  it("is none for the password and a known browser, the delay for the password alone, the delay and an approval without it", () => {
    const none = { kind: "email" as const, passwordProven: false, knownBrowser: false, passkey: false, ipSeen: false };
    expect(waitFor({ ...none, passwordProven: true, knownBrowser: true })).toEqual({ delayMs: 0, needsApproval: false });
    expect(waitFor({ ...none, passwordProven: true, passkey: true })).toEqual({ delayMs: 0, needsApproval: false });
    expect(waitFor({ ...none, passwordProven: true })).toEqual({ delayMs: DELAY_MS(), needsApproval: false });
    expect(waitFor({ ...none, knownBrowser: true, ipSeen: true })).toEqual({ delayMs: DELAY_MS(), needsApproval: true });
  });

  it("the password from a known browser: takes effect at the confirmation, sessions end, old address told, no reset link", async () => {
    const { user, sessionId, deviceToken } = await ownerSignedIn();
    const { newEmail, outcome } = await requestAndConfirm(user.pseudo, { password: PASSWORD, deviceToken });
    expect(outcome).toBe("applied");
    expect(await emailOf(user.id)).toBe(newEmail);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).not.toBeNull();
    expect(await resolveSession(sessionId)).toBeNull();
    expect(await db.knownDevice.count({ where: { userId: user.id } })).toBe(0);
    expect(await emailsTo(user.email, "recovery-applied")).toHaveLength(1);
    expect(await emailsTo(newEmail, "reset-password")).toHaveLength(0);
    expect((await authenticate({ identifier: newEmail, password: PASSWORD }, freshClient())).ok).toBe(true);
  });

  it("the password from a new browser: waits RECOVERY_DELAY_DAYS, then the job applies it", async () => {
    const user = await createUser();
    const { newEmail, outcome } = await requestAndConfirm(user.email, { password: PASSWORD });
    expect(outcome).toBe("waiting");
    expect(await pendingRecoveryOf(user.id)).not.toBeNull();
    advanceClock(DELAY_MS() - 60_000);
    expect(await applyDueRecoveries()).toBe(0);
    expect(await emailOf(user.id)).toBe(user.email);
    advanceClock(120_000);
    expect(await applyDueRecoveries()).toBe(1);
    expect(await emailOf(user.id)).toBe(newEmail);
    expect(await emailsTo(newEmail, "reset-password")).toHaveLength(0);
  });

  it("the password and one of the account's passkeys, from a new browser: takes effect at the confirmation", async () => {
    const user = await createUser();
    const authenticator = new SoftwareAuthenticator();
    await addPasskey(user.id, authenticator);
    const { newEmail, outcome } = await requestAndConfirm(user.email, { password: PASSWORD, passkey: await assertion(authenticator) });
    expect(outcome).toBe("applied");
    expect(await emailOf(user.id)).toBe(newEmail);
  });

  it("another account's passkey, or one assertion given twice, proves nothing: the delay runs", async () => {
    const user = await createUser();
    const stranger = await createUser();
    const strangers = new SoftwareAuthenticator();
    await addPasskey(stranger.id, strangers);
    expect((await requestAndConfirm(user.email, { password: PASSWORD, passkey: await assertion(strangers) })).outcome).toBe("waiting");

    const owners = new SoftwareAuthenticator();
    await addPasskey(user.id, owners);
    const proof = await assertion(owners);
    const first = await requestAndConfirm(user.email, { password: PASSWORD, passkey: proof });
    expect(first.outcome).toBe("applied");
    // Its challenge is used up: the same assertion again earns nothing.
    const again = await requestAndConfirm(user.pseudo, { password: PASSWORD, passkey: proof });
    expect(again.outcome).toBe("waiting");
    // The job's counts in the tests below are their own.
    expect(await cancelRecoveryFromAccount(user.id, freshClient())).toBe(true);
  });

  it("no password: the delay and an agent's approval, which never shortens it; then a reset link to the new address", async () => {
    const user = await createUser();
    const { id, newEmail, outcome } = await requestAndConfirm(user.email);
    expect(outcome).toBe("waiting");
    expect(await decideRecoveryRequest(id, "approve", agent, freshClient())).toBe(true);
    expect(await applyDueRecoveries()).toBe(0);
    advanceClock(DELAY_MS() + 60_000);
    expect(await applyDueRecoveries()).toBe(1);
    expect(await emailOf(user.id)).toBe(newEmail);
    expect(await emailsTo(newEmail, "reset-password")).toHaveLength(1);
    const journal = await db.securityEvent.findFirstOrThrow({ where: { userId: user.id, type: "support.recovery_approved" } });
    expect(journal).toMatchObject({ actorId: agent.actorId, reason: agent.reason });
  });

  it("no password and no approval: past the delay nothing happens; a refusal closes it", async () => {
    const user = await createUser();
    const { id } = await requestAndConfirm(user.email);
    advanceClock(DELAY_MS() + 60_000);
    expect(await applyDueRecoveries()).toBe(0);
    expect(await decideRecoveryRequest(id, "refuse", agent, freshClient())).toBe(true);
    expect(await decideRecoveryRequest(id, "approve", agent, freshClient())).toBe(false);
    expect(await applyDueRecoveries()).toBe(0);
    expect(await emailOf(user.id)).toBe(user.email);
  });

  it("a wrong password is counted by the sign-in chain and earns no evidence", async () => {
    const user = await createUser();
    const { outcome, id } = await requestAndConfirm(user.email, { password: "pas-le-bon-mot" });
    expect((await lockState(user.id)).failedAttempts).toBe(1);
    expect(outcome).toBe("waiting");
    expect(await db.recoveryRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ passwordProven: false, needsApproval: true });
  });
});

describe("the new address", () => {
  async function withConfirmedRecoveryAddress(userId: string) {
    const recoveryEmail = freshAddress();
    await setRecoveryAddress({ userId, password: PASSWORD, recoveryEmail }, freshClient());
    const [sent] = await emailsTo(recoveryEmail, "confirm-recovery-address");
    expect(await confirmRecoveryAddressByToken(tokenFromEmail(sent!.html, "/adresse-de-secours"))).toBe(true);
    return recoveryEmail;
  }

  it("may be the account's own recovery address, which then is its main address and no longer kept twice", async () => {
    const { user, deviceToken } = await ownerSignedIn();
    const recoveryEmail = await withConfirmedRecoveryAddress(user.id);
    const { outcome } = await requestAndConfirm(user.pseudo, { password: PASSWORD, deviceToken, newEmail: recoveryEmail });
    expect(outcome).toBe("applied");
    expect(await emailOf(user.id)).toBe(recoveryEmail);
    expect(await recoveryAddressOf(user.id)).toBeNull();
  });

  it("may not be another account's recovery address: nothing is recorded or sent", async () => {
    const owner = await createUser();
    const kept = await withConfirmedRecoveryAddress(owner.id);
    const other = await createUser();
    expect(await openRecoveryRequest({ identifier: other.email, newEmail: kept, password: PASSWORD }, freshClient())).toBeNull();
    expect(await emailsTo(kept, "confirm-recovery-request")).toHaveLength(0);
  });
});

describe("cancelling", () => {
  it("works from every address on file: the notice and its copy to the recovery address carry the button", async () => {
    for (const from of ["main", "recovery"] as const) {
      const user = await createUser();
      const recoveryEmail = freshAddress();
      await setRecoveryAddress({ userId: user.id, password: PASSWORD, recoveryEmail }, freshClient());
      const [sent] = await emailsTo(recoveryEmail, "confirm-recovery-address");
      await confirmRecoveryAddressByToken(tokenFromEmail(sent!.html, "/adresse-de-secours"));

      await requestAndConfirm(user.email, { password: PASSWORD });
      const [notice] = await emailsTo(from === "main" ? user.email : recoveryEmail, "recovery-request-notice");
      const other = from === "main" ? recoveryEmail : user.email;
      expect(await emailsTo(other, "recovery-request-notice")).toHaveLength(1);
      expect(await cancelRecoveryByToken(tokenFromEmail(notice!.html, "/annulation-recuperation"))).toBe(true);
      expect(await pendingRecoveryOf(user.id)).toBeNull();
      advanceClock(DELAY_MS() + 60_000);
      expect(await applyDueRecoveries()).toBe(0);
      expect(await emailOf(user.id)).toBe(user.email);
      resetClock();
    }
  });

  it("works from the signed-in account page", async () => {
    const user = await createUser();
    await requestAndConfirm(user.email, { password: PASSWORD });
    expect(await cancelRecoveryFromAccount(user.id, freshClient())).toBe(true);
    expect(await cancelRecoveryFromAccount(user.id, freshClient())).toBe(false);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "recovery.cancelled" } })).toBe(1);
  });
});

describe("one request, applied once", () => {
  it("a new request replaces the open one: the first one's link confirms nothing", async () => {
    const user = await createUser();
    const first = freshAddress();
    await openRecoveryRequest({ identifier: user.email, newEmail: first }, freshClient());
    const second = await requestAndConfirm(user.email, { password: PASSWORD });
    const [old] = await emailsTo(first, "confirm-recovery-request");
    expect(await confirmRecoveryRequestByToken(tokenFromEmail(old!.html, "/demande-de-recuperation"))).toBe("refused");
    expect(await db.recoveryRequest.count({ where: { userId: user.id, status: { in: ["unconfirmed", "waiting"] } } })).toBe(1);
    expect(second.outcome).toBe("waiting");
  });

  it("two instances of the job running at once apply a due request once", async () => {
    const user = await createUser();
    await requestAndConfirm(user.email, { password: PASSWORD });
    advanceClock(DELAY_MS() + 60_000);
    // Other tests' requests may be due too: each is applied once, by one of the three.
    const due = await db.recoveryRequest.count({
      where: { status: "waiting", dueAt: { lte: now() }, OR: [{ needsApproval: false }, { approvedAt: { not: null } }] },
    });
    const applied = await Promise.all([applyDueRecoveries(), applyDueRecoveries(), applyDueRecoveries()]);
    expect(applied.reduce((sum, n) => sum + n, 0)).toBe(due);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "recovery.applied" } })).toBe(1);
    expect(await emailsTo(user.email, "recovery-applied")).toHaveLength(1);
  });
});

describe("the answer does not tell whether the account exists", () => {
  it("is the same, records nothing and sends nothing for an unknown account", async () => {
    const user = await createUser();
    const known = await requestRecovery({ identifier: user.email, newEmail: freshAddress() }, freshClient());
    const unknownAddress = freshAddress();
    const unknown = await requestRecovery({ identifier: `personne-${freshAddress()}`, newEmail: unknownAddress }, freshClient());
    expect({ ...known, delivery: null }).toEqual({ ...unknown, delivery: null });
    await unknown.delivery();
    expect(await emailsTo(unknownAddress)).toHaveLength(0);
  });

  it("takes the same time: median difference under 3 ms over 200 interleaved requests", async () => {
    const user = await createUser();
    const timings = { known: [] as number[], unknown: [] as number[] };
    for (let round = 0; round < 200; round++) {
      for (const kind of round % 2 === 0 ? (["known", "unknown"] as const) : (["unknown", "known"] as const)) {
        const identifier = kind === "known" ? user.email : `personne${round}@example.test`;
        const started = performance.now();
        await requestRecovery({ identifier, newEmail: freshAddress(), password: PASSWORD }, freshClient());
        timings[kind].push(performance.now() - started);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const difference = Math.abs(median(timings.known) - median(timings.unknown));
    console.info(
      `recovery answer: median known ${median(timings.known).toFixed(3)} ms, unknown ${median(timings.unknown).toFixed(3)} ms, difference ${difference.toFixed(3)} ms`,
    );
    expect(difference).toBeLessThan(3);
  });
});

// "J'ai perdu mon application d'authentification" (docs/two-step.md): the same request,
// on the account's own address, that at the end turns two-step verification off.
describe("a lost authenticator (kind two_factor)", () => {
  const none = { kind: "two_factor" as const, passwordProven: false, knownBrowser: false, passkey: false, ipSeen: false };

  /** A two-step account; with `signedIn`, its owner's session and known browser from before two-step was turned on. */
  async function twoStepOwner(options: { signedIn?: boolean; recoveryEmail?: string } = {}) {
    const owner = options.signedIn ? await ownerSignedIn() : { user: await createUser(), sessionId: null, deviceToken: undefined };
    if (options.recoveryEmail) {
      await setRecoveryAddress({ userId: owner.user.id, password: PASSWORD, recoveryEmail: options.recoveryEmail }, freshClient());
      const [sent] = await emailsTo(options.recoveryEmail, "confirm-recovery-address");
      await confirmRecoveryAddressByToken(tokenFromEmail(sent!.html, "/adresse-de-secours"));
    }
    await turnOnTwoStep(owner.user.id);
    return owner;
  }

  /** Makes the request (its work too, as after the answer) and presses the link sent to the account's own address. */
  async function requestAndConfirmLost(user: { email: string }, options: { password?: string; deviceToken?: string } = {}) {
    const id = await openTwoStepRecoveryRequest({ identifier: user.email, password: options.password }, freshClient(), options.deviceToken);
    expect(id).not.toBeNull();
    const confirmation = (await emailsTo(user.email, "confirm-recovery-request")).at(-1)!;
    const outcome = await confirmRecoveryRequestByToken(tokenFromEmail(confirmation.html, "/demande-de-recuperation"));
    return { id: id!, outcome };
  }

  const twoStepOn = async (userId: string) => (await db.twoStep.count({ where: { userId, enabledAt: { not: null } } })) === 1;
  const turnedOffNotices = async (address: string) =>
    (await emailsTo(address, "two-step-notice")).filter((email) => (email.props as { change?: string }).change === "disabledByRecovery");

  it("always waits RECOVERY_DELAY_DAYS: the password and a known browser earn no shortcut; without the password an agent must approve", () => {
    expect(waitFor({ ...none, passwordProven: true, knownBrowser: true })).toEqual({ delayMs: DELAY_MS(), needsApproval: false });
    expect(waitFor({ ...none, passwordProven: true, passkey: true })).toEqual({ delayMs: DELAY_MS(), needsApproval: false });
    expect(waitFor({ ...none, passwordProven: true })).toEqual({ delayMs: DELAY_MS(), needsApproval: false });
    expect(waitFor({ ...none, knownBrowser: true, ipSeen: true })).toEqual({ delayMs: DELAY_MS(), needsApproval: true });
  });

  it("the password from the owner's known browser: the link goes to the account's own address, the delay runs, then two-step is off and the password alone signs in", async () => {
    const recoveryEmail = freshAddress();
    const { user, sessionId, deviceToken } = await twoStepOwner({ signedIn: true, recoveryEmail });
    const { id, outcome } = await requestAndConfirmLost(user, { password: PASSWORD, deviceToken });
    expect(await emailsTo(recoveryEmail, "confirm-recovery-request")).toHaveLength(0);
    expect(outcome).toBe("waiting");
    const request = await db.recoveryRequest.findUniqueOrThrow({ where: { id } });
    expect(request).toMatchObject({ kind: "two_factor", newEmail: null, passwordProven: true, knownBrowser: true, needsApproval: false });
    expect(request.dueAt!.getTime() - request.confirmedAt!.getTime()).toBe(DELAY_MS());
    expect(await pendingRecoveryOf(user.id)).toEqual({ dueAt: request.dueAt });

    advanceClock(DELAY_MS() - 60_000);
    await applyDueRecoveries();
    expect(await twoStepOn(user.id)).toBe(true);
    expect(await authenticate({ identifier: user.email, password: PASSWORD }, freshClient())).toMatchObject({
      ok: false,
      code: "twoStepRequired",
    });

    advanceClock(120_000);
    await applyDueRecoveries();
    expect(await twoStepOn(user.id)).toBe(false);
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect((await db.recoveryRequest.findUniqueOrThrow({ where: { id } })).status).toBe("applied");
    expect((await authenticate({ identifier: user.email, password: PASSWORD }, freshClient())).ok).toBe(true);
    // The owner is told, on every address; the session and the browser they kept are theirs and stay.
    expect(await turnedOffNotices(user.email)).toHaveLength(1);
    expect(await turnedOffNotices(recoveryEmail)).toHaveLength(1);
    expect((await turnedOffNotices(user.email))[0]!.text).toContain("J’ai perdu mon application d’authentification");
    expect(await resolveSession(sessionId!)).not.toBeNull();
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "two_step.disabled_by_recovery" } })).toBe(1);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ email: user.email });
  });

  it("without the password: past the delay nothing happens until an agent approves; an approval before the delay does not shorten it", async () => {
    const unapproved = await twoStepOwner();
    const first = await requestAndConfirmLost(unapproved.user);
    expect(first.outcome).toBe("waiting");
    expect(await db.recoveryRequest.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ needsApproval: true });
    // Support's review says what the request is for.
    expect(await recoveryRequestsToReview(unapproved.user.id)).toMatchObject([{ kind: "two_factor", newEmail: null, needsApproval: true }]);

    const early = await twoStepOwner();
    const second = await requestAndConfirmLost(early.user, { password: "pas-le-bon-mot" });
    expect((await lockState(early.user.id)).failedAttempts).toBe(1);
    expect(await db.recoveryRequest.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({
      passwordProven: false,
      needsApproval: true,
    });
    expect(await decideRecoveryRequest(second.id, "approve", agent, freshClient())).toBe(true);
    await applyDueRecoveries();
    expect(await twoStepOn(early.user.id)).toBe(true);

    advanceClock(DELAY_MS() + 60_000);
    await applyDueRecoveries();
    expect(await twoStepOn(unapproved.user.id)).toBe(true);
    expect(await twoStepOn(early.user.id)).toBe(false);
    expect(await decideRecoveryRequest(first.id, "approve", agent, freshClient())).toBe(true);
    await applyDueRecoveries();
    expect(await twoStepOn(unapproved.user.id)).toBe(false);
  });

  it("is applied once when two instances of the job run at once", async () => {
    const { user } = await twoStepOwner();
    const { id } = await requestAndConfirmLost(user, { password: PASSWORD });
    advanceClock(DELAY_MS() + 60_000);
    const applied = await Promise.all([applyDueRecoveries(), applyDueRecoveries()]);
    expect(applied.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(1);
    expect((await db.recoveryRequest.findUniqueOrThrow({ where: { id } })).status).toBe("applied");
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "two_step.disabled_by_recovery" } })).toBe(1);
    expect(await turnedOffNotices(user.email)).toHaveLength(1);
    expect(await Promise.all([applyDueRecoveries(), applyDueRecoveries()])).toEqual([0, 0]);
  });

  it("can be cancelled from every address on file: the notice and its copy carry the button, and two-step stays on", async () => {
    for (const from of ["main", "recovery"] as const) {
      const recoveryEmail = freshAddress();
      const { user } = await twoStepOwner({ recoveryEmail });
      await requestAndConfirmLost(user, { password: PASSWORD });
      const notices = {
        main: await emailsTo(user.email, "recovery-request-notice"),
        recovery: await emailsTo(recoveryEmail, "recovery-request-notice"),
      };
      expect([notices.main.length, notices.recovery.length]).toEqual([1, 1]);
      expect(notices.main[0]!.text).toContain("application d’authentification");
      expect(await cancelRecoveryByToken(tokenFromEmail(notices[from][0]!.html, "/annulation-recuperation"))).toBe(true);
      expect(await pendingRecoveryOf(user.id)).toBeNull();
      advanceClock(DELAY_MS() + 60_000);
      await applyDueRecoveries();
      expect(await twoStepOn(user.id)).toBe(true);
      resetClock();
    }
  });

  it("gives the same answer for an unknown account and one without two-step, and records and sends nothing for them", async () => {
    const withTwoStep = (await twoStepOwner()).user;
    const without = await createUser();
    const unknown = `personne-${freshAddress()}`;
    const answers = await Promise.all(
      [withTwoStep.email, without.email, unknown].map((identifier) =>
        requestTwoStepRecovery({ identifier, password: PASSWORD }, freshClient()),
      ),
    );
    expect(answers.map((answer) => ({ ...answer, delivery: null }))).toEqual([0, 1, 2].map(() => ({ ...answers[0]!, delivery: null })));
    for (const answer of answers) await answer.delivery();
    expect(await emailsTo(withTwoStep.email, "confirm-recovery-request")).toHaveLength(1);
    expect(await emailsTo(without.email)).toHaveLength(0);
    expect(await emailsTo(unknown)).toHaveLength(0);
    expect(await db.recoveryRequest.count({ where: { userId: without.id } })).toBe(0);
  });

  it("refuses its link once the account's address is no longer the one it was sent to", async () => {
    const { user } = await twoStepOwner();
    await openTwoStepRecoveryRequest({ identifier: user.email, password: PASSWORD }, freshClient());
    const [confirmation] = await emailsTo(user.email, "confirm-recovery-request");
    await db.user.update({ where: { id: user.id }, data: { email: freshAddress() } });
    expect(await confirmRecoveryRequestByToken(tokenFromEmail(confirmation!.html, "/demande-de-recuperation"))).toBe("refused");
    expect(await db.recoveryRequest.count({ where: { userId: user.id, status: "waiting" } })).toBe(0);
  });

  it("replaces an open lost-mailbox request (one open request per account, whatever its kind)", async () => {
    const { user } = await twoStepOwner();
    const newEmail = freshAddress();
    await openRecoveryRequest({ identifier: user.email, newEmail }, freshClient());
    await requestAndConfirmLost(user, { password: PASSWORD });
    const [old] = await emailsTo(newEmail, "confirm-recovery-request");
    expect(await confirmRecoveryRequestByToken(tokenFromEmail(old!.html, "/demande-de-recuperation"))).toBe("refused");
    expect(await db.recoveryRequest.findMany({ where: { userId: user.id, status: { in: ["unconfirmed", "waiting"] } } })).toMatchObject([
      { kind: "two_factor", status: "waiting" },
    ]);
  });

  it("changes nothing when the owner turned two-step off meanwhile", async () => {
    const { user } = await twoStepOwner();
    const { id } = await requestAndConfirmLost(user, { password: PASSWORD });
    expect(await disableTwoStep({ userId: user.id, password: PASSWORD, code: await appCode(user.id), client: freshClient() })).toEqual({
      ok: true,
    });
    advanceClock(DELAY_MS() + 60_000);
    await applyDueRecoveries();
    expect((await db.recoveryRequest.findUniqueOrThrow({ where: { id } })).status).toBe("cancelled");
    expect(await turnedOffNotices(user.email)).toHaveLength(0);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "two_step.disabled_by_recovery" } })).toBe(0);
  });
});
