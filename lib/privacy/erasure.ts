import "server-only";
import { randomUUID } from "node:crypto";
import { db, Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import { dropEmailRequestsFor } from "@/lib/auth/email-requests";
import { dropChallengesOf } from "@/lib/auth/passkeys/challenges";
import { pseudonymiseJournal, recordErasure } from "@/lib/auth/security-events";
import { eraseMailTo } from "@/lib/mail/delivery";
import { eraseContactRequestsOf } from "@/lib/support/contact";
import { addressesAskedFor } from "@/lib/auth/tokens";
import { recoveryAddressesOf } from "@/lib/auth/recovery-address";

// The end of a deletion's grace period (lib/privacy/deletion.ts): the
// account's personal data goes, its security journal stays under a random
// pseudonym until the retention pass removes it (RETENTION_JOURNAL_DAYS), and
// its pseudo and address are free for anyone again. Each due account is
// erased in a transaction of its own, claimed with FOR UPDATE SKIP LOCKED:
// two instances running the job at once never erase one account twice, and
// a cancel that lands first keeps it.
//
// Every column that names a user is listed here with what erasure does to
// it; lib/privacy/erasure.test.ts walks the schema and fails on one that is
// not.

type Tx = Prisma.TransactionClient;

/** What erasure does to each column that names a user (by id or by address). */
export const userColumns = {
  "users.id": "the row is deleted",
  "users.email": "the row is deleted",
  "accounts.user_id": "deleted with the user (cascade)",
  "sessions.user_id": "deleted with the user (cascade)",
  "tokens.user_id": "deleted with the user (cascade)",
  "tokens.new_email": "deleted with the user (cascade)",
  "known_devices.user_id": "deleted with the user (cascade)",
  "lock_paths.user_id": "deleted with the user (cascade)",
  "passkeys.user_id": "deleted with the user (cascade)",
  "oidc_subjects.user_id": "deleted with the user (cascade); the provider's rows name the subject only",
  "passkey_challenges.user_id": "deleted (dropChallengesOf)",
  "two_steps.user_id": "deleted with the user (cascade)",
  "recovery_codes.user_id": "deleted with the user (cascade)",
  "two_step_challenges.user_id": "deleted with the user (cascade)",
  "security_events.user_id": "replaced by a pseudonym (pseudonymiseJournal)",
  "security_events.actor_id": "replaced by the same pseudonym (pseudonymiseJournal)",
  "contact_requests.user_id": "deleted (eraseContactRequestsOf)",
  "contact_requests.email": "deleted (eraseContactRequestsOf)",
  "contact_requests.handled_by": "cleared (eraseContactRequestsOf)",
  "outbox_emails.to": "deleted, with their provider events (eraseMailTo)",
  "suppressed_addresses.email": "deleted (eraseMailTo)",
  "email_requests.email": "deleted (dropEmailRequestsFor)",
  "verification_tokens.identifier": "deleted",
  "recovery_addresses.user_id": "deleted with the user (cascade)",
  "recovery_addresses.email": "deleted with the user (cascade); the emails sent to it too (eraseMailTo)",
  "recovery_requests.user_id": "deleted with the user (cascade)",
  "recovery_requests.new_email": "deleted with the user (cascade); the emails sent to it too (addressesAskedFor, eraseMailTo)",
} as const;

/** How many accounts one pass erases at most; the next pass takes the rest. */
const BATCH = 50;

async function eraseOne(tx: Tx, user: { id: string; email: string }): Promise<void> {
  const pseudonym = randomUUID();
  await pseudonymiseJournal(tx, user.id, pseudonym);
  // The address, its recovery address and any it asked to move to or to use: the emails sent there name the account too.
  const addresses = new Set([user.email, ...(await recoveryAddressesOf(tx, user.id)), ...(await addressesAskedFor(tx, user.id))]);
  for (const address of addresses) await eraseMailTo(tx, address);
  await dropEmailRequestsFor(tx, user.email);
  await eraseContactRequestsOf(tx, user.id, user.email);
  await dropChallengesOf(tx, user.id);
  await tx.verificationToken.deleteMany({ where: { identifier: user.email } });
  // Sessions, tokens, known browsers, lock paths, passkeys, two-step secrets, recovery codes and challenges and Auth.js accounts go with the row.
  await tx.user.delete({ where: { id: user.id } });
  await recordErasure(tx, pseudonym);
}

/** Erases every account whose grace period has ended; returns how many this call erased. */
export async function eraseDueAccounts(): Promise<number> {
  let erased = 0;
  for (;;) {
    const done = await db.$transaction(
      async (tx) => {
        const [user] = await tx.$queryRaw<{ id: string; email: string }[]>`
          SELECT id, email FROM users WHERE deletion_due_at <= ${now()}::timestamp
          ORDER BY deletion_due_at LIMIT 1 FOR UPDATE SKIP LOCKED`;
        if (!user) return false;
        await eraseOne(tx, user);
        return true;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    if (!done) return erased;
    if (++erased >= BATCH) return erased;
  }
}
