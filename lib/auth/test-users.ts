import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { devMailboxEnabled } from "@/lib/mail/transport-choice";
import type { ClientInfo } from "@/lib/request/client-info";
import { lockoutSettings, lockPathFor, registerFailure } from "./lockout";
import { hashPassword } from "./password-hash";

// The end-to-end suite's user factory (POST /api/test/users and
// /api/test/users/lock): accounts made in one request, so that a test whose
// subject is not sign-up or the lockout does not spend its time getting
// there through the browser. Like the development mailbox it cannot exist in
// a real deployment: it needs TEST_USER_FACTORY=1 set on purpose *and* the
// outbox transport, which never sends an email (SECURITY.md). With Resend,
// or without the setting, both routes answer 404.

/** Whether the factory's routes exist. */
export function testUserFactoryEnabled(): boolean {
  return env().TEST_USER_FACTORY === "1" && devMailboxEnabled();
}

export type TestUserRequest = {
  /** A pseudo of the test's choosing (its address is `<pseudo>@example.test`); else a unique one from `prefix`. */
  pseudo?: string;
  prefix: string;
  password: string;
  confirmed: boolean;
  locked: boolean;
  locale: "fr" | "en";
};
export type TestUser = { id: string; pseudo: string; email: string };

// argon2id takes a while on a busy machine; a suite uses one password or two.
const hashes = new Map<string, Promise<string>>();

/**
 * A new account, unique in the suite, confirmed unless asked otherwise, locked if asked
 * (through the real lock, with its email); null when the pseudo asked for is taken.
 */
export async function createTestUser(request: TestUserRequest, client: ClientInfo): Promise<TestUser | null> {
  if (!hashes.has(request.password)) hashes.set(request.password, hashPassword(request.password));
  const pseudo = request.pseudo ?? `${request.prefix}${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  if ((await db.user.count({ where: { pseudoKey: pseudo.toLowerCase() } })) > 0) return null;
  const user = await db.user.create({
    data: {
      pseudo,
      pseudoKey: pseudo.toLowerCase(),
      email: `${pseudo.toLowerCase()}@example.test`,
      passwordHash: await hashes.get(request.password)!,
      emailVerified: request.confirmed ? now() : null,
      locale: request.locale,
    },
    select: { id: true, pseudo: true, email: true },
  });
  if (request.locked) await lockTestUser(user.email, client);
  return user;
}

/**
 * Locks an account's shared path as LOCKOUT_MAX_ATTEMPTS wrong passwords from
 * a browser it does not know would: the same counter, journal, lock and
 * unlock email, without the browser. False for an unknown address.
 */
export async function lockTestUser(email: string, client: ClientInfo): Promise<boolean> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  if (!user) return false;
  const path = lockPathFor(user.id, null);
  for (let attempt = 0; attempt < lockoutSettings().maxAttempts; attempt++) {
    if ((await registerFailure(path, client)) === "locked") break;
  }
  return true;
}
