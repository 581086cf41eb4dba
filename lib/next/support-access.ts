import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./auth";
import { currentSessionId } from "./current-user";
import { checkAgent, type Agent } from "@/lib/support/agents";

// The one gate of the console: every /support page, route and action starts
// here. Anyone who is not an agent, signed out included, gets the same 404 as
// a page that does not exist, so the console does not even show that it exists.

const agentCheck = cache(async () => {
  const [session, sessionId] = await Promise.all([auth(), currentSessionId()]);
  return checkAgent(session?.user?.id, sessionId);
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
