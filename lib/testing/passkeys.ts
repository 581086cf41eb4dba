import { authenticateWithPasskey } from "@/lib/auth/authenticate";
import { startPasskeySignIn } from "@/lib/auth/passkeys/assertion";
import { readChallengeCookie } from "@/lib/auth/passkeys/challenges";
import { finishPasskeyRegistration, startPasskeyRegistration } from "@/lib/auth/passkeys/registration";
import type { ClientInfo } from "@/lib/request/client-info";
import { freshClient, PASSWORD } from "./factories";
import type { SoftwareAuthenticator } from "./software-authenticator";

// A passkey added and used the way /compte and /connexion do it, with a software authenticator.

/** Adds a passkey to the account (the password first, as /compte asks); returns its id. */
export async function addPasskey(userId: string, authenticator: SoftwareAuthenticator, password = PASSWORD): Promise<string> {
  const client = freshClient();
  const start = await startPasskeyRegistration(userId, password, client);
  if (!start.ok) throw new Error(start.code);
  const done = await finishPasskeyRegistration(
    userId,
    JSON.stringify(authenticator.register(start.options)),
    readChallengeCookie(start.cookie.value),
    client,
  );
  if (!done.ok) throw new Error(done.code);
  return done.passkeyId;
}

/** A passkey sign-in from a browser of its own (a new one unless `deviceToken` names a known one). */
export async function passkeySignIn(authenticator: SoftwareAuthenticator, client: ClientInfo = freshClient(), deviceToken?: string) {
  const start = await startPasskeySignIn(client);
  if (!start.ok) throw new Error("rate limited");
  return authenticateWithPasskey(
    JSON.stringify(authenticator.assert(start.options)),
    readChallengeCookie(start.cookie.value),
    client,
    deviceToken,
  );
}
