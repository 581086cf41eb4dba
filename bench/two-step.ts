// The bench's two-step accounts: confirmed accounts with two-step turned on
// as /compte turns it on (the password, then a first code), in the bench's
// database, with a secret sealed under the bench server's AUTH_SECRET.
import { resetClock } from "@/lib/clock";
import { seedConfirmedUsers } from "@/lib/auth/seed-users";
import { findSignInAccount } from "@/lib/auth/sign-in-store";
import { TOTP_PERIOD_SECONDS, totpAt } from "@/lib/auth/two-step/totp";
import { turnOnTwoStep } from "@/lib/testing/two-step";

export type TwoStepAccount = { identifier: string; secret: string };

export async function seedTwoStepAccounts(options: { count: number; password: string; prefix: string }): Promise<TwoStepAccount[]> {
  await seedConfirmedUsers(options);
  const accounts: TwoStepAccount[] = [];
  for (let index = 1; index <= options.count; index++) {
    const identifier = `${options.prefix}${index}`;
    const account = await findSignInAccount({ pseudoKey: identifier.toLowerCase() });
    if (!account) throw new Error(`${identifier} was not seeded`);
    accounts.push({ identifier, secret: (await turnOnTwoStep(account.id, options.password)).secret });
    // turnOnTwoStep moves this process's clock a step on, as the tests need; the server's is the real one.
    resetClock();
  }
  return accounts;
}

/** The code of the next time step: turning two-step on spent the current one, and a step is accepted once. */
export const nextStepCode = (account: TwoStepAccount) => totpAt(account.secret, new Date(Date.now() + TOTP_PERIOD_SECONDS * 1000));
