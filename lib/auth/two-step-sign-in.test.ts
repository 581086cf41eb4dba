import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { advanceClock, now } from "@/lib/clock";
import { verify } from "@/lib/request/signed-cookie";
import { createUser, emailsTo, freshClient, lockState, PASSWORD } from "@/lib/testing/factories";
import { appCode, nextStep, turnOnTwoStep } from "@/lib/testing/two-step";
import { authenticate, authenticateSecondStep, type SignInResult } from "./authenticate";
import { readDeviceCookie } from "./known-device";
import { lockoutSettings, TWO_STEP_PATH } from "./lockout";
import { recentSecurityEvents } from "./security-events";
import { signOutEverywhere } from "./session";
import { CHALLENGE_MINUTES, twoStepSettings } from "./two-step/challenge";
import { TOTP_PERIOD_SECONDS, totpAt } from "./two-step/totp";
import { plainSecretOf } from "@/lib/testing/two-step";
import { addPasskey, passkeySignIn } from "@/lib/testing/passkeys";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";

const { maxAttempts } = lockoutSettings();

type User = Awaited<ReturnType<typeof createUser>>;

/** A right password: the refusal that carries the handle, and the handle as the browser's cookie holds it. */
async function rightPassword(user: User, deviceToken?: string, from = freshClient()): Promise<string> {
  const result = await authenticate({ identifier: user.email, password: PASSWORD }, from, deviceToken);
  if (result.ok || result.code !== "twoStepRequired" || !result.twoStepCookie)
    throw new Error(`expected the second step, got ${JSON.stringify(result)}`);
  return verify("two-step", result.twoStepCookie.value)!;
}

const withCode = (
  handle: string | undefined,
  code: string,
  options: { remember?: boolean; deviceToken?: string; from?: ReturnType<typeof freshClient> } = {},
) =>
  authenticateSecondStep(
    { handle, proof: { kind: "app", code }, remember: options.remember ?? false },
    options.from ?? freshClient(),
    options.deviceToken,
  );

const withRecoveryCode = (handle: string, code: string) =>
  authenticateSecondStep({ handle, proof: { kind: "recovery", code }, remember: false }, freshClient());

const outcome = (result: SignInResult) => (result.ok ? "ok" : result.code);
const sessionsOf = (userId: string) => db.session.count({ where: { userId } });
const journal = async (userId: string) => (await recentSecurityEvents(userId, 100)).map((event) => event.type);

describe("signing in to a two-step account", () => {
  it("a right password opens no session, remembers no browser and journals no sign-in: it only leads to the code", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    const result = await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    expect(result).toMatchObject({ ok: false, code: "twoStepRequired" });
    expect(result.ok === false && result.twoStepCookie?.maxAge).toBe(CHALLENGE_MINUTES * 60);
    expect(await sessionsOf(user.id)).toBe(0);
    expect(await db.knownDevice.count({ where: { userId: user.id } })).toBe(0);
    expect(await journal(user.id)).not.toContain("signin.success");
    expect(await emailsTo(user.email, "new-device-alert")).toHaveLength(0);
  });

  it("the right code opens the session, remembers the browser and journals the sign-in; the handle then opens nothing more", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    const handle = await rightPassword(user);
    const signedIn = await withCode(handle, await appCode(user.id));
    expect(outcome(signedIn)).toBe("ok");
    expect(signedIn.ok && signedIn.deviceCookie).toBeTruthy();
    expect(await sessionsOf(user.id)).toBe(1);
    expect(await journal(user.id)).toContain("signin.success");
    nextStep();
    expect(outcome(await withCode(handle, await appCode(user.id)))).toBe("twoStepExpired");
    expect(await sessionsOf(user.id)).toBe(1);
  });

  it("a wrong code opens nothing and counts on the two-step path, not the password's", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    const handle = await rightPassword(user);
    const right = await appCode(user.id);
    const wrong = right === "000000" ? "111111" : "000000";
    expect(outcome(await withCode(handle, wrong))).toBe("invalidTwoStepCode");
    expect(await sessionsOf(user.id)).toBe(0);
    expect((await lockState(user.id, TWO_STEP_PATH)).failedAttempts).toBe(1);
    expect((await lockState(user.id)).failedAttempts).toBe(0);
    expect(await journal(user.id)).toContain("two_step.failure");
  });

  it("refuses a handle that has expired, or none at all", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    const handle = await rightPassword(user);
    advanceClock(CHALLENGE_MINUTES * 60_000 + 1000);
    expect(outcome(await withCode(handle, await appCode(user.id)))).toBe("twoStepExpired");
    expect(outcome(await withCode(undefined, await appCode(user.id)))).toBe("twoStepExpired");
  });

  it("accepts a code one step early or late, and refuses one two steps away", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    const secret = await plainSecretOf(user.id);
    const step = TOTP_PERIOD_SECONDS * 1000;
    // Far enough from the step spent by the set-up that an early code is still after it.
    advanceClock(10 * step);
    const codeAt = (offset: number) => totpAt(secret, new Date(now().getTime() + offset * step));
    for (const offset of [-2, 2]) {
      const code = await codeAt(offset);
      if ([await codeAt(-1), await codeAt(0), await codeAt(1)].includes(code)) continue; // a one-in-a-million collision
      expect(outcome(await withCode(await rightPassword(user), code))).toBe("invalidTwoStepCode");
    }
    expect(outcome(await withCode(await rightPassword(user), await codeAt(-1)))).toBe("ok");
    advanceClock(3 * step);
    expect(outcome(await withCode(await rightPassword(user), await codeAt(1)))).toBe("ok");
  });

  it("a passkey needs no code (it is two factors), and an account without two-step signs in with its password alone", async () => {
    const user = await createUser();
    const authenticator = new SoftwareAuthenticator();
    await addPasskey(user.id, authenticator);
    await turnOnTwoStep(user.id);
    expect(outcome(await passkeySignIn(authenticator))).toBe("ok");
    const plain = await createUser();
    expect(outcome(await authenticate({ identifier: plain.email, password: PASSWORD }, freshClient()))).toBe("ok");
  });
});

describe("each time step and each recovery code works once", () => {
  it("refuses the same step again, on a new handle", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    const code = await appCode(user.id);
    expect(outcome(await withCode(await rightPassword(user), code))).toBe("ok");
    expect(outcome(await withCode(await rightPassword(user), code))).toBe("invalidTwoStepCode");
  });

  it("two parallel posts of one code on one handle: exactly one session", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    const handle = await rightPassword(user);
    const code = await appCode(user.id);
    const results = await Promise.all([withCode(handle, code), withCode(handle, code), withCode(handle, code)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await sessionsOf(user.id)).toBe(1);
  });

  it("one code posted in parallel from two browsers that both knew the password: exactly one session", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    const handles = [await rightPassword(user), await rightPassword(user)];
    const code = await appCode(user.id);
    const results = await Promise.all(handles.map((handle) => withCode(handle, code)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await sessionsOf(user.id)).toBe(1);
  });

  it("a recovery code opens one session, once, even posted in parallel; it is journaled and counted down", async () => {
    const user = await createUser();
    const { recoveryCodes } = await turnOnTwoStep(user.id);
    const handles = [await rightPassword(user), await rightPassword(user), await rightPassword(user)];
    const results = await Promise.all(handles.map((handle) => withRecoveryCode(handle, recoveryCodes[0]!.toLowerCase())));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await sessionsOf(user.id)).toBe(1);
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(recoveryCodes.length - 1);
    expect(await journal(user.id)).toContain("two_step.recovery_code_used");
    expect(outcome(await withRecoveryCode(await rightPassword(user), recoveryCodes[0]!))).toBe("invalidTwoStepCode");
    expect(outcome(await withRecoveryCode(await rightPassword(user), recoveryCodes[1]!))).toBe("ok");
  });
});

describe("guessing codes", () => {
  it("follows the lock path's two strikes on its own counter: the warning, then the lock, whose email says the password was right", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    const handle = await rightPassword(user);
    const right = await appCode(user.id);
    const wrong = right === "000000" ? "111111" : "000000";
    const codes: string[] = [];
    for (let attempt = 1; attempt <= maxAttempts; attempt++) codes.push(outcome(await withCode(handle, wrong)));
    expect(codes).toEqual([...Array.from({ length: maxAttempts - 2 }, () => "invalidTwoStepCode"), "lastAttempt", "locked"]);
    // Locked: even the right code opens nothing, and the password path was never touched.
    expect(outcome(await withCode(handle, right))).toBe("locked");
    expect(await sessionsOf(user.id)).toBe(0);
    expect((await lockState(user.id)).lockedAt).toBeNull();
    const [lockEmail] = await emailsTo(user.email, "unlock-account");
    expect(lockEmail?.props).toMatchObject({ passwordKnownUrl: "http://localhost:3000/mot-de-passe-oublie" });
    expect(await journal(user.id)).toContain("two_step.locked");
  });

  it("tells the owner their password is known at a wrong code from a browser the account does not know, at most once an hour", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    const handle = await rightPassword(user);
    await withCode(handle, "000000");
    await withCode(handle, "000001");
    expect(await emailsTo(user.email, "password-known")).toHaveLength(1);
    advanceClock(61 * 60_000);
    await withCode(await rightPassword(user), "000002");
    expect(await emailsTo(user.email, "password-known")).toHaveLength(2);
  });

  it("does not send that email for a wrong code typed on one of the owner's known browsers", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    const first = await withCode(await rightPassword(user), await appCode(user.id));
    const deviceToken = first.ok && first.deviceCookie ? readDeviceCookie(first.deviceCookie.value) : undefined;
    expect(deviceToken).toBeDefined();
    nextStep();
    await withCode(await rightPassword(user, deviceToken), "000000", { deviceToken });
    expect(await emailsTo(user.email, "password-known")).toHaveLength(0);
  });
});

describe("Ne plus demander sur ce navigateur", () => {
  it("spares that browser the code for TWO_FACTOR_REMEMBER_DAYS, and only that browser", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    const first = await withCode(await rightPassword(user), await appCode(user.id), { remember: true });
    const deviceToken = first.ok && first.deviceCookie ? readDeviceCookie(first.deviceCookie.value) : undefined;
    expect(outcome(await authenticate({ identifier: user.email, password: PASSWORD }, freshClient(), deviceToken))).toBe("ok");
    expect(outcome(await authenticate({ identifier: user.email, password: PASSWORD }, freshClient()))).toBe("twoStepRequired");
    advanceClock(twoStepSettings().rememberDays * 86_400_000 + 60_000);
    expect(outcome(await authenticate({ identifier: user.email, password: PASSWORD }, freshClient(), deviceToken))).toBe("twoStepRequired");
  });

  it("dies with the browser's record: after signing out everywhere the code is asked again", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    const first = await withCode(await rightPassword(user), await appCode(user.id), { remember: true });
    const deviceToken = first.ok && first.deviceCookie ? readDeviceCookie(first.deviceCookie.value) : undefined;
    await signOutEverywhere(user.id, freshClient());
    expect(outcome(await authenticate({ identifier: user.email, password: PASSWORD }, freshClient(), deviceToken))).toBe("twoStepRequired");
  });
});
