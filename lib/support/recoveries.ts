import "server-only";
import { decideRecoveryRequest, recoveryRequestsToReview, type RecoveryReview } from "@/lib/auth/lost-mailbox";
import type { ClientInfo } from "@/lib/request/client-info";
import { sessionFreshForActions, type Agent } from "./agents";

// "Demandes de récupération" (/support/recuperations and the account view):
// the requests waiting on /acces-perdu's delay, with their evidence, and the
// agent's decision. The rules (what the evidence earns, that an approval
// never shortens the delay) are lib/auth/lost-mailbox.ts's; this module adds
// the console's gate: a fresh agent session and a reason, journaled.

export type { RecoveryReview };

export const recoveryReviews = (userId?: string) => recoveryRequestsToReview(userId);

export type RecoveryDecisionResult = { ok: true } | { ok: false; code: "reauthenticate" | "notFound" };

export async function decideRecovery(
  input: { agent: Agent; requestId: string; decision: "approve" | "refuse"; reason: string },
  client: ClientInfo,
): Promise<RecoveryDecisionResult> {
  if (!sessionFreshForActions(input.agent)) return { ok: false, code: "reauthenticate" };
  const decided = await decideRecoveryRequest(input.requestId, input.decision, { actorId: input.agent.id, reason: input.reason }, client);
  return decided ? { ok: true } : { ok: false, code: "notFound" };
}
