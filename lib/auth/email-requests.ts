import "server-only";
import type { ClientInfo } from "@/lib/http/client-info";
import { allowAll } from "./rate-limit";

// What the three "send me an email" forms (confirmation, unlock, reset) share.

/**
 * The answer, known at once, and the email work, which the caller starts
 * only after the response is sent (next/server's after()), so that neither
 * the response time nor the CPU it shares tells whether the account exists.
 */
export type DeferredRequest<Outcome extends string> = {
  outcome: Outcome | "rateLimited";
  delivery: () => Promise<unknown>;
};

export const nothingToDeliver = async () => undefined;

/** Per IP and per address: nobody can flood a mailbox or probe many addresses. */
export function allowEmailRequest(email: string, client: ClientInfo): Promise<boolean> {
  return allowAll([
    ["emailIp", client.ip],
    ["emailAddress", email],
  ]);
}
