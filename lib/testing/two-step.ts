import { db } from "@/lib/db";
import { advanceClock, now } from "@/lib/clock";
import { enableTwoStep, startTwoStepSetup } from "@/lib/auth/two-step";
import { openSecret } from "@/lib/auth/two-step/secret-box";
import { TOTP_PERIOD_SECONDS, totpAt } from "@/lib/auth/two-step/totp";
import { freshClient, PASSWORD } from "./factories";

/** The account's TOTP secret in clear, as the owner's app holds it (read through the sealed column). */
export async function plainSecretOf(userId: string): Promise<string> {
  const row = await db.twoStep.findUniqueOrThrow({ where: { userId }, select: { secretEncrypted: true } });
  return openSecret(row.secretEncrypted)!.plain;
}

/** Moves the clock to the next time step: a code of the step already used would be a replay. */
export function nextStep(): void {
  advanceClock(TOTP_PERIOD_SECONDS * 1000);
}

/** The code the owner's app shows now (or `steps` steps away). */
export async function appCode(userId: string, steps = 0): Promise<string> {
  return totpAt(await plainSecretOf(userId), new Date(now().getTime() + steps * TOTP_PERIOD_SECONDS * 1000));
}

/** Two-step on, as /compte turns it on: the password, then the first code; the recovery codes it showed. */
export async function turnOnTwoStep(userId: string, password = PASSWORD): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await startTwoStepSetup({ userId, password, client: freshClient() });
  if (!started.ok) throw new Error(`set-up refused: ${started.code}`);
  const secret = await plainSecretOf(userId);
  const enabled = await enableTwoStep(userId, await totpAt(secret, now()), freshClient());
  if (!enabled.ok) throw new Error(`enable refused: ${enabled.code}`);
  nextStep();
  return { secret, recoveryCodes: enabled.codes };
}
