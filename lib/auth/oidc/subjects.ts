import "server-only";
import { randomBytes } from "node:crypto";
import { db, type Prisma } from "@/lib/db";

// The `sub` every application sees for an account: random, made on the
// account's first OIDC sign-in and kept, so that it is stable (no secret's
// rotation changes it) and says nothing of the database id. The provider
// knows accounts by it alone (its accountId).
// Owns: the oidc_subjects table.

/** The account's subject, made on first use; two first uses at once agree on one. */
export async function subjectOf(userId: string): Promise<string> {
  const existing = await db.oidcSubject.findUnique({ where: { userId }, select: { subject: true } });
  if (existing) return existing.subject;
  await db.oidcSubject.createMany({ data: [{ userId, subject: randomBytes(18).toString("base64url") }], skipDuplicates: true });
  return (await db.oidcSubject.findUniqueOrThrow({ where: { userId }, select: { subject: true } })).subject;
}

/** The subject of an account that has signed in to an application, else null (nothing to revoke). */
export async function existingSubject(userId: string, client: Prisma.TransactionClient = db): Promise<string | null> {
  const row = await client.oidcSubject.findUnique({ where: { userId }, select: { subject: true } });
  return row?.subject ?? null;
}

export type OidcAccount = { userId: string; email: string; emailVerified: boolean; pseudo: string };

/** The account behind a subject: gone (erased) or closing, it signs in nowhere. */
export async function accountOfSubject(subject: string): Promise<OidcAccount | null> {
  const row = await db.oidcSubject.findUnique({
    where: { subject },
    select: { user: { select: { id: true, email: true, emailVerified: true, pseudo: true, deletionDueAt: true } } },
  });
  if (!row || row.user.deletionDueAt) return null;
  return { userId: row.user.id, email: row.user.email, emailVerified: row.user.emailVerified !== null, pseudo: row.user.pseudo };
}
