import "server-only";
import type { ClientInfo } from "@/lib/http/client-info";
import { allowAll } from "./rate-limit";

// What the three "send me an email" forms (confirmation, unlock, reset) share.

/**
 * The answer, known at once, and the email work, which the caller lets run
 * after the response (next/server's after()) so that the response time does
 * not tell whether the account exists. Errors of the work are logged there.
 */
export type DeferredRequest<Outcome extends string> = {
  outcome: Outcome | "rateLimited";
  delivery: Promise<unknown>;
};

/** Per IP and per address: nobody can flood a mailbox or probe many addresses. */
export function allowEmailRequest(email: string, client: ClientInfo): Promise<boolean> {
  return allowAll([
    ["emailIp", client.ip],
    ["emailAddress", email],
  ]);
}
