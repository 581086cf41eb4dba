import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { advanceClock, now } from "@/lib/clock";
import { createUser, emailsTo, freshClient, lockState, PASSWORD } from "@/lib/testing/factories";
import { appCode, nextStep, plainSecretOf, turnOnTwoStep } from "@/lib/testing/two-step";
import { exportAccountData } from "@/lib/privacy/export";
import { accountView } from "@/lib/support/console";
import { recentSecurityEvents } from "./security-events";
import {
  disableTwoStep,
  enableTwoStep,
  regenerateRecoveryCodes,
  startTwoStepSetup,
  turnOffTwoStep,
  twoStepSummary,
  twoStepView,
} from "./two-step";
import { openSecret, sealSecret } from "./two-step/secret-box";
import { RECOVERY_CODE_COUNT, RECOVERY_CODES_LOW } from "./two-step/recovery-codes";
import { totpAt } from "./two-step/totp";

const journal = async (userId: string) => (await recentSecurityEvents(userId)).map((event) => event.type);

describe("turning two-step verification on from /compte", () => {
  it("asks the password first: a wrong one starts nothing and counts towards the lockout", async () => {
    const user = await createUser();
    const result = await startTwoStepSetup({ userId: user.id, password: "not-my-password", client: freshClient() });
    expect(result).toMatchObject({ ok: false, field: "currentPassword" });
    expect(await db.twoStep.count({ where: { userId: user.id } })).toBe(0);
    expect((await twoStepView(user.id, user.email)).state).toBe("off");
    expect((await lockState(user.id)).failedAttempts).toBe(1);
  });

  it("shows a QR code and the key in groups of 4 until the first code, then makes ten recovery codes once, journaled and emailed", async () => {
    const user = await createUser();
    expect(await startTwoStepSetup({ userId: user.id, password: PASSWORD, client: freshClient() })).toEqual({ ok: true });
    const view = await twoStepView(user.id, user.email);
    if (view.state !== "settingUp") throw new Error(view.state);
    expect(view.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const secret = await plainSecretOf(user.id);
    expect(view.key).toBe(secret.match(/.{4}/g)!.join(" "));

    expect(await enableTwoStep(user.id, "000000", freshClient())).toMatchObject({ ok: false, code: "invalidTwoStepCode" });
    const enabled = await enableTwoStep(user.id, await totpAt(secret, now()), freshClient());
    if (!enabled.ok) throw new Error(enabled.code);
    expect(enabled.codes).toHaveLength(RECOVERY_CODE_COUNT);
    for (const code of enabled.codes) expect(code).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
    expect(new Set(enabled.codes).size).toBe(RECOVERY_CODE_COUNT);

    expect(await twoStepView(user.id, user.email)).toMatchObject({
      state: "on",
      recoveryCodesLeft: RECOVERY_CODE_COUNT,
      recoveryCodesLow: false,
    });
    expect(await journal(user.id)).toContain("two_step.enabled");
    expect((await emailsTo(user.email)).map((email) => email.template)).toContain("two-step-notice");
  });

  it("refuses a set-up left waiting too long (its key was only shown meanwhile)", async () => {
    const user = await createUser();
    await startTwoStepSetup({ userId: user.id, password: PASSWORD, client: freshClient() });
    const secret = await plainSecretOf(user.id);
    advanceClock(31 * 60_000);
    expect((await twoStepView(user.id, user.email)).state).toBe("off");
    expect(await enableTwoStep(user.id, await totpAt(secret, now()), freshClient())).toMatchObject({
      ok: false,
      code: "twoStepSetupExpired",
    });
  });
});

describe("recovery codes on /compte", () => {
  it("new codes replace every old one, and the page says when few remain", async () => {
    const user = await createUser();
    const { recoveryCodes: old } = await turnOnTwoStep(user.id);
    const renewed = await regenerateRecoveryCodes(user.id, freshClient());
    if (!renewed.ok) throw new Error(renewed.code);
    expect(renewed.codes.some((code) => old.includes(code))).toBe(false);
    expect(await journal(user.id)).toContain("two_step.codes_regenerated");

    // An old code no longer turns it off; a new one does its one job.
    expect(await disableTwoStep({ userId: user.id, password: PASSWORD, code: old[0]!, client: freshClient() })).toMatchObject({
      ok: false,
      code: "invalidTwoStepCode",
    });
    await db.recoveryCode.updateMany({
      where: { userId: user.id },
      data: { usedAt: now() },
      limit: RECOVERY_CODE_COUNT - RECOVERY_CODES_LOW,
    });
    expect(await twoStepView(user.id, user.email)).toMatchObject({
      state: "on",
      recoveryCodesLeft: RECOVERY_CODES_LOW,
      recoveryCodesLow: true,
    });
    expect(await twoStepSummary(user.id)).toEqual({ enabled: true, recoveryCodesLeft: RECOVERY_CODES_LOW });
  });

  it("support's account view says whether it is on and how many codes remain, and holds no secret nor code", async () => {
    const user = await createUser();
    expect((await accountView(user.id))?.twoStep).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    const { secret, recoveryCodes } = await turnOnTwoStep(user.id);
    const view = await accountView(user.id);
    expect(view?.twoStep).toEqual({ enabled: true, recoveryCodesLeft: RECOVERY_CODE_COUNT });
    const json = JSON.stringify(view, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value));
    const sealed = (await db.twoStep.findUniqueOrThrow({ where: { userId: user.id } })).secretEncrypted;
    for (const hidden of [secret, sealed, ...recoveryCodes]) expect(json).not.toContain(hidden);
  });
});

describe("turning two-step verification off", () => {
  it("needs the password and a code; then everything goes, journaled and emailed", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    expect(await disableTwoStep({ userId: user.id, password: PASSWORD, code: "123456", client: freshClient() })).toMatchObject({
      ok: false,
      field: "code",
    });
    expect(
      await disableTwoStep({ userId: user.id, password: "wrong-password", code: await appCode(user.id), client: freshClient() }),
    ).toMatchObject({
      ok: false,
      field: "currentPassword",
    });
    expect(await disableTwoStep({ userId: user.id, password: PASSWORD, code: await appCode(user.id), client: freshClient() })).toEqual({
      ok: true,
    });
    expect(await db.twoStep.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await journal(user.id)).toContain("two_step.disabled");
    expect((await emailsTo(user.email, "two-step-notice")).length).toBe(2);
  });

  it("turnOffTwoStep (what a lost-authenticator request will call) journals its own cause and is a no-op when off", async () => {
    const user = await createUser();
    await turnOnTwoStep(user.id);
    expect(await db.$transaction((tx) => turnOffTwoStep(tx, user.id, freshClient(), "recovery"))).toBe(true);
    expect(await journal(user.id)).toContain("two_step.disabled_by_recovery");
    expect(await db.$transaction((tx) => turnOffTwoStep(tx, user.id, freshClient(), "recovery"))).toBe(false);
  });
});

describe("the secret at rest", () => {
  it("is sealed: no base32 secret nor recovery code is in clear anywhere in the database", async () => {
    const user = await createUser();
    const { secret, recoveryCodes } = await turnOnTwoStep(user.id);
    const tables = await db.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
    let dump = "";
    for (const { name } of tables) {
      const rows = await db.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${name}" t`);
      dump += rows.map((row) => row.row).join("\n");
    }
    expect(dump).toContain(user.email);
    expect(dump).not.toContain(secret);
    for (const code of recoveryCodes) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replaceAll("-", ""));
    }
  });

  it("opens only under the key it was sealed with; a changed byte is refused", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    expect(openSecret(sealed)).toEqual({ plain: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", stale: false });
    const parts = sealed.split(".");
    const body = Buffer.from(parts[4]!, "base64url");
    body[0] = body[0]! ^ 1;
    expect(openSecret([...parts.slice(0, 4), body.toString("base64url")].join("."))).toBeNull();
    expect(openSecret(sealed.replace(/^v1\.[^.]+/, "v1.AAAAAAAA"))).toBeNull();
  });

  it("is never in the data export: only whether it is on and how many codes remain", async () => {
    const user = await createUser();
    const { secret, recoveryCodes } = await turnOnTwoStep(user.id);
    const data = await exportAccountData(user.id);
    const json = JSON.stringify(data);
    expect(data?.twoStepVerification).toMatchObject({ recoveryCodesLeft: RECOVERY_CODE_COUNT, recoveryCodesUsed: [] });
    expect(json).not.toContain(secret);
    const row = await db.twoStep.findUniqueOrThrow({ where: { userId: user.id } });
    expect(json).not.toContain(row.secretEncrypted);
    for (const code of recoveryCodes) expect(json).not.toContain(code);
    nextStep();
  });
});
