import "server-only";
import type { Adapter, AdapterPayload } from "oidc-provider";
import { db, Prisma } from "@/lib/db";
import { now } from "@/lib/clock";

// oidc-provider's storage (its adapter interface: upsert, find, findByUid,
// findByUserCode, consume, destroy, revokeByGrantId) on our database, so that
// every instance behind one database sees the same sessions, codes, grants
// and tokens. One row per artefact, keyed by the provider's model name and
// id; what the provider and Sésame look up besides the id (a grant's tokens,
// a session's uid, an account's grants) is copied out of the payload into
// indexed columns. An expired row is never returned; the retention pass
// deletes it (purgeExpiredOidcRecords).
// Owns: the oidc_records table.

/** The provider's models that belong to one account and one client, as Sésame revokes them. */
const TOKEN_MODELS = ["AccessToken", "AuthorizationCode", "RefreshToken"] as const;

/** The database, or the caller's transaction (a sign-out everywhere ends OIDC access in its own). */
type Client = Prisma.TransactionClient;

type Row = { payload: Prisma.JsonValue; expiresAt: Date | null; consumedAt: Date | null };

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function live(row: Row | null): AdapterPayload | undefined {
  if (!row || (row.expiresAt && row.expiresAt <= now())) return undefined;
  const payload = row.payload as AdapterPayload;
  return row.consumedAt ? { ...payload, consumed: epochSeconds(row.consumedAt) } : payload;
}

/** The client an artefact is for: tokens and grants name it; an interaction carries it in its request's parameters. */
function clientIdOf(payload: AdapterPayload): string | null {
  if (typeof payload.clientId === "string") return payload.clientId;
  const fromParams = (payload.params as { client_id?: unknown } | undefined)?.client_id;
  return typeof fromParams === "string" ? fromParams : null;
}

function accountIdOf(payload: AdapterPayload): string | null {
  if (typeof payload.accountId === "string") return payload.accountId;
  const fromSession = (payload.session as { accountId?: unknown } | undefined)?.accountId;
  return typeof fromSession === "string" ? fromSession : null;
}

export class OidcStore implements Adapter {
  constructor(private readonly model: string) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const columns = {
      payload: payload as Prisma.InputJsonValue,
      grantId: payload.grantId ?? null,
      uid: payload.uid ?? null,
      userCode: payload.userCode ?? null,
      accountId: accountIdOf(payload),
      clientId: clientIdOf(payload),
      expiresAt: expiresIn ? new Date(now().getTime() + expiresIn * 1000) : null,
    };
    await db.oidcRecord.upsert({
      where: { model_id: { model: this.model, id } },
      create: { model: this.model, id, ...columns },
      update: columns,
    });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return live(await db.oidcRecord.findUnique({ where: { model_id: { model: this.model, id } } }));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return live(await db.oidcRecord.findFirst({ where: { model: this.model, uid } }));
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return live(await db.oidcRecord.findFirst({ where: { model: this.model, userCode } }));
  }

  /**
   * Marks a code or a refresh token used, once: a second consume (the same
   * code sent twice at once) changes nothing, and the provider, seeing
   * `consumed` on its next find, revokes the grant as the spec asks.
   */
  async consume(id: string): Promise<void> {
    await db.oidcRecord.updateMany({ where: { model: this.model, id, consumedAt: null }, data: { consumedAt: now() } });
  }

  async destroy(id: string): Promise<void> {
    await db.oidcRecord.deleteMany({ where: { model: this.model, id } });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await db.oidcRecord.deleteMany({ where: { grantId } });
  }
}

/** The provider's adapter option: one store per model. */
export const oidcAdapter = OidcStore;

/** The id of the newest live grant an account gave a client, if any: a second visit is not asked again. */
export async function currentGrantId(accountId: string, clientId: string): Promise<string | undefined> {
  const row = await db.oidcRecord.findFirst({
    where: { model: "Grant", accountId, clientId, OR: [{ expiresAt: null }, { expiresAt: { gt: now() } }] },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  return row?.id;
}

export type OidcGrantRow = { grantId: string; clientId: string; grantedAt: Date };

/** The live grants of an account, newest first, one per client ("Applications connectées", the support view). */
export async function grantsOfAccount(accountId: string): Promise<OidcGrantRow[]> {
  const rows = await db.oidcRecord.findMany({
    where: { model: "Grant", accountId, OR: [{ expiresAt: null }, { expiresAt: { gt: now() } }] },
    orderBy: { createdAt: "desc" },
    select: { id: true, clientId: true, createdAt: true },
  });
  const seen = new Set<string>();
  return rows.flatMap((row) => {
    if (!row.clientId || seen.has(row.clientId)) return [];
    seen.add(row.clientId);
    return [{ grantId: row.id, clientId: row.clientId, grantedAt: row.createdAt }];
  });
}

/**
 * Takes back what an account gave one client (or every client): its grants
 * and every code and token issued under them. Returns the grants removed.
 */
export async function revokeAccountGrants(accountId: string, clientId?: string, within?: Client): Promise<string[]> {
  const revoke = async (tx: Client) => {
    // DELETE … RETURNING: of two revocations at once (a double submit, two tabs), one gets the grants, the other none.
    const grants = await tx.$queryRaw<{ id: string }[]>`
      DELETE FROM oidc_records
      WHERE model = 'Grant' AND account_id = ${accountId} AND (${clientId ?? null}::text IS NULL OR client_id = ${clientId ?? null})
      RETURNING id`;
    const grantIds = grants.map((grant) => grant.id);
    await tx.oidcRecord.deleteMany({
      where: {
        OR: [
          { grantId: { in: grantIds } },
          // Tokens whose grant row is already gone still name the account.
          { model: { in: [...TOKEN_MODELS] }, accountId, ...(clientId ? { clientId } : {}) },
        ],
      },
    });
    return grantIds;
  };
  return within ? revoke(within) : db.$transaction(revoke);
}

/**
 * Ends what an account's applications hold without taking its consents back
 * (a sign-out everywhere, a reset): every code and token, refresh tokens
 * included, so each application must send the user through Sésame again.
 */
export async function revokeAccountTokens(accountId: string, client: Client = db): Promise<number> {
  const { count } = await client.oidcRecord.deleteMany({ where: { model: { in: [...TOKEN_MODELS] }, accountId } });
  return count;
}

/** The provider's sessions of an account (their payloads), which a sign-out everywhere ends. */
export async function sessionsOfAccount(accountId: string, client: Client = db): Promise<AdapterPayload[]> {
  const rows = await client.oidcRecord.findMany({ where: { model: "Session", accountId }, select: { payload: true } });
  return rows.map((row) => row.payload as AdapterPayload);
}

/** Ends the provider's sessions of an account: the next authorization asks Sésame's sign-in again. */
export async function endAccountSessions(accountId: string, client: Client = db): Promise<number> {
  const { count } = await client.oidcRecord.deleteMany({ where: { model: "Session", accountId } });
  return count;
}

/** The retention pass: rows past their expiry, which find() already ignores. */
export async function purgeExpiredOidcRecords(): Promise<number> {
  const { count } = await db.oidcRecord.deleteMany({ where: { expiresAt: { lte: now() } } });
  return count;
}
