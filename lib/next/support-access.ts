import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./auth";
import { currentSessionId } from "./current-user";
import { sentByAnotherSite } from "@/lib/request/fetch-site";
import { checkAgent, type Agent } from "@/lib/support/agents";

// The one gate of the console: every /support page, route and action starts
// here. Anyone who is not an agent, signed out included, gets the same 404 as
// a page that does not exist, so the console does not even show that it exists.

/** Whether another site sent the browser here (Sec-Fetch-Site): such a visit does nothing for the agent. */
export const arrivedFromAnotherSite = cache(async () => sentByAnotherSite(await headers()));

const agentCheck = cache(async () => {
  const [session, sessionId, fromAnotherSite] = await Promise.all([auth(), currentSessionId(), arrivedFromAnotherSite()]);
  // A stranger's page sending the agent's browser here must not keep the console open.
  return checkAgent(session?.user?.id, sessionId, { activity: !fromAnotherSite });
});

/**
 * The agent of this request; a 404 for anyone else, and the sign-in page for
 * an agent whose console sat idle. Actions check the session's age themselves
 * (lib/support/actions.ts), so that the rule holds for every caller.
 */
export async function requireAgent(): Promise<Agent> {
  const check = await agentCheck();
  if (check.kind === "idle") redirect("/connexion?returnTo=%2Fsupport&notice=supportIdle");
  if (check.kind === "none") notFound();
  return check.agent;
}
