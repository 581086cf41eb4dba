import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { advanceClock, resetClock } from "@/lib/clock";
import { env } from "@/lib/env";
import { authenticate } from "@/lib/auth/authenticate";
import { requestEmailChange } from "@/lib/auth/email-change";
import { recordSecurityEvent } from "@/lib/auth/security-events";
import { submitContactRequest } from "@/lib/support/contact";
import { createUser, freshClient, PASSWORD } from "@/lib/testing/factories";
import { addPasskey } from "@/lib/testing/passkeys";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { requestAccountDeletion } from "./deletion";
import { eraseDueAccounts, userColumns } from "./erasure";

afterEach(() => resetClock());

const PAST_THE_DELAY = () => env().ACCOUNT_DELETION_DELAY_DAYS * 86_400_000 + 60_000;

/** Columns that can name a person: a reference to users, or an id or address column by its name. */
async function columnsThatNameAUser(): Promise<string[]> {
  const rows = await db.$queryRaw<{ column: string }[]>`
    SELECT c.table_name || '.' || c.column_name AS column
    FROM information_schema.columns c
    WHERE c.table_schema = current_schema() AND c.table_name <> '_prisma_migrations'
      AND (c.column_name IN ('user_id', 'actor_id', 'handled_by', 'email', 'to', 'identifier', 'new_email')
           OR (c.table_name = 'users' AND c.column_name = 'id')
           OR EXISTS (
             SELECT 1 FROM information_schema.key_column_usage k
             JOIN information_schema.referential_constraints r ON r.constraint_name = k.constraint_name
             JOIN information_schema.constraint_column_usage u ON u.constraint_name = r.unique_constraint_name
             WHERE k.table_name = c.table_name AND k.column_name = c.column_name AND u.table_name = 'users'))
    ORDER BY 1`;
  return rows.map((row) => row.column);
}

/** An account with a row in every table that can name it, closed and taken past its grace period. */
async function dueAccountEverywhere() {
  const user = await createUser();
  const client = freshClient();
  await addPasskey(user.id, new SoftwareAuthenticator());
  await authenticate({ identifier: user.email, password: PASSWORD }, client);
  await requestEmailChange({ userId: user.id, password: PASSWORD, newEmail: `new-${user.email}` }, client);
  await submitContactRequest(
    { email: user.email, subject: "Accès", message: "Je n’arrive plus à me connecter." },
    { userId: user.id, locale: "fr", client },
  );
  await db.suppressedAddress.create({ data: { email: user.email, reason: "bounce" } });
  await db.emailRequest.create({ data: { id: crypto.randomUUID(), kind: "reset", email: user.email, locale: "fr" } });
  await db.verificationToken.create({ data: { identifier: user.email, token: crypto.randomUUID(), expires: new Date() } });
  await db.passkeyChallenge.create({ data: { ceremony: "registration", userId: user.id, challenge: "c", expiresAt: new Date() } });
  // As an agent, this account acted on another and handled a request.
  const other = await createUser();
  await recordSecurityEvent(db, "support.unlocked", other.id, client, { actorId: user.id, reason: "Demande par téléphone" });
  await db.contactRequest.updateMany({ where: { email: user.email }, data: { handledBy: user.id } });
  expect((await requestAccountDeletion({ userId: user.id, password: PASSWORD }, client)).ok).toBe(true);
  advanceClock(PAST_THE_DELAY());
  return user;
}

/** Every row, in every table, that holds the id or the address. */
async function rowsNaming(user: { id: string; email: string }): Promise<string[]> {
  const found: string[] = [];
  for (const column of Object.keys(userColumns)) {
    const [table, name] = column.split(".") as [string, string];
    const rows = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${table}" WHERE "${name}"::text = $1 OR "${name}"::text = $2`,
      user.id,
      user.email,
    );
    if (rows[0]!.n > 0) found.push(`${column}: ${rows[0]!.n}`);
  }
  return found;
}

describe("erasure of a closed account", () => {
  it("handles every column that names a user (a new one fails here until erasure.ts says what becomes of it)", async () => {
    expect(await columnsThatNameAUser()).toEqual(Object.keys(userColumns).sort());
  });

  it("leaves no row that names the account, keeps its journal under one pseudonym, and frees the pseudo and the address", async () => {
    const user = await dueAccountEverywhere();
    const journal = await db.securityEvent.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(await rowsNaming(user)).not.toEqual([]);

    expect(await eraseDueAccounts()).toBeGreaterThanOrEqual(1);

    expect(await rowsNaming(user)).toEqual([]);
    // The confirmation sent to the address it asked to move to named it too.
    expect(await db.outboxEmail.count({ where: { to: `new-${user.email}` } })).toBe(0);
    const kept = await db.securityEvent.findMany({ where: { id: { in: journal.map((entry) => entry.id) } } });
    expect(kept).toHaveLength(journal.length);
    const pseudonyms = new Set(kept.map((entry) => entry.pseudonym));
    expect(pseudonyms.size).toBe(1);
    const [pseudonym] = [...pseudonyms] as [string];
    expect(pseudonym).toMatch(/^[0-9a-f-]{36}$/);
    expect(await db.securityEvent.count({ where: { type: "account.erased", pseudonym } })).toBe(1);
    // The support action it took as an agent names the same pseudonym, not the account.
    expect(await db.securityEvent.count({ where: { type: "support.unlocked", actorId: pseudonym } })).toBe(1);

    const again = await createUser({ pseudo: user.pseudo, email: user.email });
    expect(again.id).not.toBe(user.id);
  });

  it("leaves accounts whose grace period is still running, and accounts that were never closed", async () => {
    const open = await createUser();
    const closing = await createUser();
    await requestAccountDeletion({ userId: closing.id, password: PASSWORD }, freshClient());
    advanceClock(PAST_THE_DELAY() - 120_000);
    await eraseDueAccounts();
    expect(await db.user.count({ where: { id: { in: [open.id, closing.id] } } })).toBe(2);
  });

  it("two instances running the job at once erase a due account once", async () => {
    const user = await dueAccountEverywhere();
    const due = await db.user.count({ where: { deletionDueAt: { lte: new Date(Date.now() + PAST_THE_DELAY()) } } });
    const entriesBefore = await db.securityEvent.count({ where: { type: "account.erased" } });

    const erased = await Promise.all([eraseDueAccounts(), eraseDueAccounts(), eraseDueAccounts()]);

    expect(erased.reduce((sum, n) => sum + n, 0)).toBe(due);
    expect(await db.user.count({ where: { id: user.id } })).toBe(0);
    expect(await db.securityEvent.count({ where: { type: "account.erased" } })).toBe(entriesBefore + due);
  });
});
