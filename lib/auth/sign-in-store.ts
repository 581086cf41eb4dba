import "server-only";
import { db, Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import type { ClientInfo } from "@/lib/request/client-info";
import { gatedStatement, type GatedWrite } from "@/lib/db/gated-write";
import { outboxWrite, wakeDeliverer } from "@/lib/mail";
import { deviceWrite, type SignInBrowser } from "./known-device";
import { counterResetGate, type LockPath } from "./lockout";
import { newDeviceAlert } from "./new-device-alert";
import { counterAdvanceGate, type VerifiedAssertion } from "./passkeys/assertion";
import { digestSecret } from "./secrets";
import { journalWrite, type SecurityEventType } from "./security-events";
import { sessionWrite } from "./session";
import { standaloneTokenWrite } from "./tokens";
import { openAccountGate } from "./closed-account";

// The sign-in chain's own reads and writes (authenticate.ts runs the chain).
// Each is one statement across the tables a sign-in needs: the account, the
// known browser its cookie names, the lock path that browser takes. This
// module owns no table: the read joins them, and the write assembles the
// fragments their owners make (lib/db/gated-write.ts).

export type AccountKey = { email: string } | { pseudoKey: string } | { id: string };

export type SignInAccount = {
  id: string;
  pseudo: string;
  email: string;
  locale: string;
  passwordHash: string;
  emailVerified: Date | null;
  /** Set while the account is closed, waiting for its erasure (lib/privacy/deletion.ts). */
  deletionDueAt: Date | null;
  /** The known browser of this account that the request's device cookie names, if any. */
  device: { id: string; lastUsedAt: Date; twoStepSkipUntil: Date | null } | null;
  /** Whether two-step verification is on (two-step.ts): a right password then only leads to /connexion/code. */
  twoStep: boolean;
  /** The counter and lock of the path the attempt takes (that browser's, else the account's shared one). */
  lock: { failedAttempts: number; lockedAt: Date | null };
};

type Row = {
  id: string;
  pseudo: string;
  email: string;
  locale: string;
  password_hash: string;
  email_verified: Date | null;
  deletion_due_at: Date | null;
  device_id: string | null;
  device_last_used_at: Date | null;
  device_two_step_skip_until: Date | null;
  two_step: boolean;
  failed_attempts: number | null;
  locked_at: Date | null;
};

/** The account, its browser and its lock path, in one round trip. */
export async function findSignInAccount(key: AccountKey, deviceToken?: string): Promise<SignInAccount | null> {
  const where =
    "email" in key
      ? Prisma.sql`u.email = ${key.email}`
      : "pseudoKey" in key
        ? Prisma.sql`u.pseudo_key = ${key.pseudoKey}`
        : Prisma.sql`u.id = ${key.id}::uuid`;
  const deviceDigest = deviceToken ? digestSecret(deviceToken) : null;
  const rows = await db.$queryRaw<Row[]>`
    SELECT u.id, u.pseudo, u.email, u.locale, u.password_hash, u.email_verified, u.deletion_due_at,
           d.id AS device_id, d.last_used_at AS device_last_used_at, d.two_step_skip_until AS device_two_step_skip_until,
           EXISTS (SELECT 1 FROM two_steps t WHERE t.user_id = u.id AND t.enabled_at IS NOT NULL) AS two_step,
           l.failed_attempts, l.locked_at
    FROM users u
    LEFT JOIN known_devices d ON d.user_id = u.id AND d.token_hash = ${deviceDigest}
    LEFT JOIN lock_paths l ON l.user_id = u.id AND l.path = CASE WHEN d.id IS NULL THEN 'account' ELSE 'device:' || d.id::text END
    WHERE ${where}
    LIMIT 1`;
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    pseudo: row.pseudo,
    email: row.email,
    locale: row.locale,
    passwordHash: row.password_hash,
    emailVerified: row.email_verified,
    deletionDueAt: row.deletion_due_at,
    device:
      row.device_id && row.device_last_used_at
        ? { id: row.device_id, lastUsedAt: row.device_last_used_at, twoStepSkipUntil: row.device_two_step_skip_until }
        : null,
    twoStep: row.two_step,
    lock: { failedAttempts: row.failed_attempts ?? 0, lockedAt: row.locked_at },
  };
}

export type SuccessWrites = {
  /** The journal entry of this success, if any (a reauthentication's is written by its action). */
  journal?: SecurityEventType;
  /** The digest-to-be of a new session's id: the session row. */
  sessionId?: string;
  /** The browser: refresh a known one's last use, or remember a new one by its cookie's digest. */
  device?: SignInBrowser;
  /** A browser the account did not know: the owner gets the new-device alert, in the same statement. */
  alert?: { id: string; email: string; pseudo: string; locale: string };
};

/**
 * What a success is conditional on: for a password, the path's counter reset,
 * which a lock set meanwhile refuses (lockout.ts); for a passkey, its
 * signature counter moving on, which a parallel assertion or its removal
 * refuses (passkeys/assertion.ts); the password's lock paths are then left
 * as they are.
 */
export type SuccessGate = { lockPath: LockPath } | { passkey: VerifiedAssertion["passkey"] };

/**
 * A success's writes, in one statement (lib/db/gated-write.ts): the gate
 * (and, when it opens a session, the account still open), and only if it
 * passes the journal entry, the session, the browser and, for
 * a browser the account did not know, the new-device alert (its not_me token
 * and its email, new-device-alert.ts), each row made by the module that owns
 * its table. A refused gate writes nothing: the lock wins over the right
 * password, and the refused sign-in never remembers the browser. One
 * statement is atomic on its own: no transaction, one round trip.
 */
export async function recordSuccess(gate: SuccessGate, client: ClientInfo, writes: SuccessWrites): Promise<boolean> {
  const at = now();
  const gated: GatedWrite[] = [];
  if (writes.journal) gated.push(journalWrite(writes.journal, client, at));
  if (writes.sessionId) gated.push(sessionWrite(writes.sessionId, client, at));
  const browser = writes.device ? deviceWrite(writes.device, client, at) : null;
  if (browser) gated.push(browser);
  const newBrowser = writes.device !== undefined && "newDigest" in writes.device;
  const alert = newBrowser && writes.alert ? newDeviceAlert(writes.alert, client, at) : null;
  if (alert) gated.push(standaloneTokenWrite(alert.token), outboxWrite(alert.email, at));
  const proof = "lockPath" in gate ? counterResetGate(gate.lockPath, at) : counterAdvanceGate(gate.passkey, at);
  // A session opens only on an open account, whatever a closure does meanwhile (closed-account.ts).
  const statement = writes.sessionId
    ? gatedStatement(openAccountGate, gated, Prisma.sql`SELECT user_id AS id FROM gate`, proof)
    : gatedStatement(proof, gated, Prisma.sql`SELECT user_id AS id FROM gate`);
  const passed = (await db.$queryRaw<{ id: string }[]>(statement)).length === 1;
  if (passed && alert) wakeDeliverer();
  return passed;
}
