import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/request/client-info";
import { recordSecurityEvent } from "../security-events";
import { grantsOfAccount, revokeAccountGrants } from "./store";
import { existingSubject } from "./subjects";

// "Applications connectées" on /compte and the support account view: the
// applications an account gave access to through Sésame, each with the date
// of its consent, and "Retirer l'accès", which takes the consent back with
// every code and token issued under it (the application's refresh token
// stops working at once; its next sign-in asks the consent again).

export type ConnectedApplication = { clientId: string; name: string; grantedAt: Date };

/** The account's applications, newest consent first; a client no longer in OIDC_CLIENTS shows its id. */
export async function connectedApplications(userId: string): Promise<ConnectedApplication[]> {
  const subject = await existingSubject(userId);
  if (!subject) return [];
  const names = new Map(env().OIDC_CLIENTS.map((client) => [client.client_id, client.client_name]));
  const grants = await grantsOfAccount(subject);
  return grants.map((grant) => ({
    clientId: grant.clientId,
    name: names.get(grant.clientId) ?? grant.clientId,
    grantedAt: grant.grantedAt,
  }));
}

/** "Retirer l'accès": false when the account had given that application nothing (twice, or from two tabs: journaled once). */
export async function revokeApplication(userId: string, clientId: string, client: ClientInfo): Promise<boolean> {
  const subject = await existingSubject(userId);
  if (!subject) return false;
  return db.$transaction(async (tx) => {
    const revoked = await revokeAccountGrants(subject, clientId, tx);
    if (revoked.length === 0) return false;
    await recordSecurityEvent(tx, "oidc.revoked", userId, client);
    return true;
  });
}
