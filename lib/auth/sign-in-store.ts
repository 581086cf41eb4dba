import "server-only";
import { db, Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import type { ClientInfo } from "@/lib/request/client-info";
import { LAST_USED_EVERY_MS } from "./known-device";
import { digestSecret } from "./secrets";
import type { LockPath } from "./lockout";
import { wakeDeliverer } from "@/lib/mail";
import { newDeviceAlert } from "./new-device-alert";
import type { SecurityEventType } from "./security-events";
import { sessionExpiry } from "./session";

// The sign-in chain's own reads and writes (authenticate.ts runs the chain).
// Each is one statement across the tables a sign-in needs: the account, the
// known browser its cookie names, the lock path that browser takes
// (lockout.ts, known-device.ts and session.ts own those tables and their rules).

export type AccountKey = { email: string } | { pseudoKey: string } | { id: string };

export type SignInAccount = {
  id: string;
  pseudo: string;
  email: string;
  locale: string;
  passwordHash: string;
  emailVerified: Date | null;
  /** The known browser of this account that the request's device cookie names, if any. */
  device: { id: string; lastUsedAt: Date } | null;
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
  device_id: string | null;
  device_last_used_at: Date | null;
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
    SELECT u.id, u.pseudo, u.email, u.locale, u.password_hash, u.email_verified,
           d.id AS device_id, d.last_used_at AS device_last_used_at, l.failed_attempts, l.locked_at
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
    device: row.device_id && row.device_last_used_at ? { id: row.device_id, lastUsedAt: row.device_last_used_at } : null,
    lock: { failedAttempts: row.failed_attempts ?? 0, lockedAt: row.locked_at },
  };
}

export type SuccessWrites = {
  /** The journal entry of this success, if any (a reauthentication's is written by its action). */
  journal?: SecurityEventType;
  /** The digest-to-be of a new session's id: the session row. */
  sessionId?: string;
  /** The browser: refresh a known one's last use, or remember a new one by its cookie's digest. */
  device?: { known: { id: string; lastUsedAt: Date } } | { newDigest: string };
  /** A browser the account did not know: the owner gets the new-device alert, in the same statement. */
  alert?: { id: string; email: string; pseudo: string; locale: string };
};

/**
 * What a success is conditional on. A password: the path's counter reset,
 * which a lock set meanwhile refuses. A passkey: its signature counter
 * moving from the value the assertion was verified against to the new one,
 * which a parallel assertion on the same count, or the passkey's removal
 * meanwhile, refuses; the password's lock paths are left as they are.
 */
export type SuccessGate = { lockPath: LockPath } | { passkey: { id: string; counter: bigint; newCounter: number } };

function gateSql(gate: SuccessGate, at: Date): Prisma.Sql {
  if ("lockPath" in gate) {
    const path = gate.lockPath;
    return Prisma.sql`
      INSERT INTO lock_paths (user_id, path, failed_attempts, updated_at)
      VALUES (${path.userId}::uuid, ${path.path}, 0, ${at}::timestamp)
      ON CONFLICT (user_id, path) DO UPDATE SET failed_attempts = 0, updated_at = EXCLUDED.updated_at
      WHERE lock_paths.locked_at IS NULL
      RETURNING user_id`;
  }
  const { id, counter, newCounter } = gate.passkey;
  return Prisma.sql`
    UPDATE passkeys SET counter = ${BigInt(newCounter)}, last_used_at = ${at}::timestamp
    WHERE id = ${id}::uuid AND counter = ${counter}
    RETURNING user_id`;
}

/**
 * A success's writes, in one statement: the gate (for a password, the
 * path's earlier mistakes are forgotten), and only if it passes are the
 * journal entry, the session, the browser and, for a browser the account
 * did not know, the new-device alert (its not_me token and its email,
 * new-device-alert.ts) written, since each takes its row from the gate.
 * The reset is an upsert on the path's row, so it waits for a lock being
 * set by a parallel wrong password and then sees it: false, and nothing is
 * written (the lock wins over the right password, and the refused sign-in
 * never remembers the browser). One statement is atomic on its own: no
 * transaction, one round trip.
 */
export async function recordSuccess(gate: SuccessGate, client: ClientInfo, writes: SuccessWrites): Promise<boolean> {
  const at = now();
  const parts: Prisma.Sql[] = [];
  if (writes.journal) {
    parts.push(Prisma.sql`journal AS (
      INSERT INTO security_events (id, user_id, type, ip, user_agent, created_at)
      SELECT gen_random_uuid(), user_id, ${writes.journal}, ${client.ip}, ${client.userAgent}, ${at}::timestamp FROM gate)`);
  }
  if (writes.sessionId) {
    parts.push(Prisma.sql`session AS (
      INSERT INTO sessions (id, session_token, user_id, expires, ip, user_agent, created_at, last_seen_at)
      SELECT gen_random_uuid(), ${digestSecret(writes.sessionId)}, user_id, ${sessionExpiry(at)}::timestamp, ${client.ip}, ${client.userAgent}, ${at}::timestamp, ${at}::timestamp
      FROM gate)`);
  }
  const device = writes.device;
  const newBrowser = device && "newDigest" in device;
  if (device && "newDigest" in device) {
    parts.push(Prisma.sql`device AS (
      INSERT INTO known_devices (id, user_id, token_hash, ip, user_agent, created_at, last_used_at)
      SELECT gen_random_uuid(), user_id, ${device.newDigest}, ${client.ip}, ${client.userAgent}, ${at}::timestamp, ${at}::timestamp FROM gate)`);
  } else if (device && at.getTime() - device.known.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
    parts.push(Prisma.sql`device AS (
      UPDATE known_devices SET last_used_at = ${at}::timestamp, ip = ${client.ip}, user_agent = ${client.userAgent}
      WHERE id = ${device.known.id}::uuid AND EXISTS (SELECT 1 FROM gate))`);
  }
  const alert = newBrowser && writes.alert ? newDeviceAlert(writes.alert, client, at) : null;
  if (alert) {
    const { token, email } = alert;
    parts.push(Prisma.sql`alert_token AS (
      INSERT INTO tokens (id, user_id, purpose, token_hash, expires_at, created_at)
      SELECT gen_random_uuid(), user_id, ${token.purpose}::"TokenPurpose", ${token.tokenHash}, ${token.expiresAt}::timestamp, ${token.createdAt}::timestamp
      FROM gate)`);
    parts.push(Prisma.sql`alert_email AS (
      INSERT INTO outbox_emails (id, "to", template, locale, subject, props, next_attempt_at, created_at)
      SELECT ${email.id}::uuid, ${email.to}, ${email.template}, ${email.locale}, ${email.subject}, ${JSON.stringify(email.props)}::jsonb,
             ${email.nextAttemptAt}::timestamp, ${at}::timestamp
      FROM gate)`);
  }
  const statement = Prisma.sql`
    WITH gate AS (${gateSql(gate, at)})${parts.length ? Prisma.sql`, ${Prisma.join(parts, ", ")}` : Prisma.empty}
    SELECT user_id AS id FROM gate`;
  const passed = (await db.$queryRaw<{ id: string }[]>(statement)).length === 1;
  if (passed && alert) wakeDeliverer();
  return passed;
}
