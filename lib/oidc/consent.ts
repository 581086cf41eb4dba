import "server-only";
import { oidcProvider } from "./mount";
import { interactionPath } from "./provider";
import { subjectOf } from "@/lib/auth/oidc/subjects";

// What the consent page (/autorisation/<uid>) shows: the application that
// asks, for the account that is signed in. The decision itself is posted to
// the provider's side (lib/oidc/interactions.ts), which holds the browser's
// interaction cookie.

export type ConsentView =
  | { kind: "expired" }
  /** Not the consent step (or another account): the interaction route decides. */
  | { kind: "elsewhere"; location: string }
  | { kind: "consent"; clientName: string; decisionUrl: string };

export async function consentView(uid: string, userId: string): Promise<ConsentView> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(uid)) return { kind: "expired" };
  const provider = oidcProvider();
  const interaction = await provider.Interaction.find(uid);
  if (!interaction || interaction.isExpired) return { kind: "expired" };
  const accountId = interaction.session?.accountId;
  if (interaction.prompt.name !== "consent" || !accountId || accountId !== (await subjectOf(userId))) {
    return { kind: "elsewhere", location: interactionPath(uid) };
  }
  const client = await provider.Client.find(String(interaction.params.client_id));
  if (!client) return { kind: "expired" };
  return { kind: "consent", clientName: client.clientName ?? client.clientId, decisionUrl: `${interactionPath(uid)}/decision` };
}
