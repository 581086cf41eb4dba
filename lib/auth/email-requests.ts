import "server-only";
import type { ClientInfo } from "@/lib/http/client-info";
import { renderDecoy, type TemplateName } from "@/lib/mail/templates";
import { allowAll } from "./rate-limit";

// What the three "send me an email" forms (confirmation, unlock, reset) share.

/** What a request's email work did: queued the email, rendered a decoy, or nothing (refused requests). */
export type Delivery = () => Promise<"queued" | "decoy" | "none">;

/**
 * The answer, known at once, and the email work, which the caller starts
 * only after the response is sent (next/server's after()), so that the
 * response time does not tell whether the account exists.
 */
export type DeferredRequest<Outcome extends string> = {
  outcome: Outcome | "rateLimited";
  delivery: Delivery;
};

export const nothingToDeliver: Delivery = async () => "none";

/**
 * The email work of an accepted request. `send` queues the email when one is
 * due and says whether it did; when none was, the same template is rendered
 * and thrown away. The work runs after the response, but on the CPU the next
 * request shares: rendering an email and writing its rows cost CPU, and
 * without the decoy a request sent right after a known address's answered
 * measurably slower than one sent after an unknown address's (npm run bench
 * reports the difference).
 */
export function deliveryOf(template: TemplateName, send: () => Promise<boolean>): Delivery {
  return async () => {
    if (await send()) return "queued";
    await renderDecoy(template);
    return "decoy";
  };
}

/** Per IP and per address: nobody can flood a mailbox or probe many addresses. */
export function allowEmailRequest(email: string, client: ClientInfo): Promise<boolean> {
  return allowAll([
    ["emailIp", client.ip],
    ["emailAddress", email],
  ]);
}
