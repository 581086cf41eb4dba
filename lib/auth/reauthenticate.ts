import "server-only";
import type { ClientInfo } from "@/lib/request/client-info";
import type { LimitCheck } from "@/lib/rate-limit";
import type { ErrorCode } from "@/lib/validation/errors";
import { runChain, type SignInUser } from "./authenticate";

// Apart from authenticate.ts so that what re-authenticates (a password
// change, an email change, adding a passkey) does not import the sign-in,
// which imports the passkey assertion: no cycle.

export type ReauthenticationResult =
  | { ok: true; user: SignInUser }
  /** `closedUntil`: the password was right but the account is closed (a closure committed meanwhile), erased then. */
  | { ok: false; code: ErrorCode; wrongPassword: boolean; closedUntil?: Date };

/**
 * A signed-in user proves it is still them (changing the password or the
 * email): the same chain, lock path and counters as a sign-in, so a wrong
 * password here brings the lock closer exactly as at /connexion, and a right
 * one forgets the path's mistakes as a sign-in does. `limits` are the
 * action's own, counted before the hash. The confirmation page, opened away
 * from the browser that signed up, checks an unconfirmed account's password
 * the same way (`acceptUnconfirmed`).
 */
export async function reauthenticate(
  userId: string,
  password: string,
  client: ClientInfo,
  options: { deviceToken?: string; limits: LimitCheck[]; acceptUnconfirmed?: boolean },
): Promise<ReauthenticationResult> {
  const result = await runChain({
    key: { id: userId },
    password,
    client,
    deviceToken: options.deviceToken,
    limits: () => options.limits,
    onSuccess: () => ({}),
    acceptUnconfirmed: options.acceptUnconfirmed,
  });
  if (!result.ok)
    return {
      ok: false,
      code: result.code === "invalidCredentials" && !result.wrongPassword ? "unexpected" : result.code,
      wrongPassword: result.wrongPassword ?? false,
      closedUntil: result.closed?.dueAt,
    };
  const { account } = result;
  return { ok: true, user: { id: account.id, pseudo: account.pseudo, email: account.email, locale: account.locale } };
}
