import "server-only";
import type { AppCookie } from "@/lib/request/cookies";
import { signedCookie } from "@/lib/request/signed-cookie";

// A closed account (its deletion is due, lib/privacy/deletion.ts) opens no
// session: the right password or passkey leads only to /suppression-prevue,
// whose one button keeps the account. This cookie is what carries that proof
// there: signed, short-lived, naming the account and nothing else. Here
// rather than in lib/privacy because the sign-in (authenticate.ts) issues it.
// Owns: the closed-account cookie.

const CLOSED_ACCOUNT_MAX_AGE_SECONDS = 15 * 60;
const closedAccountCookie = signedCookie("closed-account", "sesame.closed", CLOSED_ACCOUNT_MAX_AGE_SECONDS);
export const CLOSED_ACCOUNT_COOKIE = closedAccountCookie.name;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The cookie a sign-in into a closed account sets: proof, for 15 minutes, that this browser knew its password or held its passkey. */
export function closedAccountProof(userId: string): AppCookie {
  return closedAccountCookie.issue(userId);
}

/** The account the current request's cookie proves, when it verifies. */
export async function provenClosedAccount(): Promise<string | undefined> {
  const userId = await closedAccountCookie.read();
  return userId && UUID.test(userId) ? userId : undefined;
}
