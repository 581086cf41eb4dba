import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/db";
import type { ClientInfo } from "@/lib/request/client-info";
import type { Locale } from "@/lib/i18n/config";
import { queueEmail } from "@/lib/mail";
import type { TemplateProps } from "@/emails";
import { allowAll } from "@/lib/rate-limit";

// What the three "send me an email" forms (confirmation, unlock, reset) share.
//
// Every accepted request sends exactly one email: the one the account needs,
// or, for an address without an account (an unlock request for an unlocked
// account too), a short one without a link that says so. So the requester
// can follow the delivery of "their" email (docs/email-delivery.md) and learns about the
// mailbox, never about the account: the notice, the email's existence and
// its delivery are the same either way; only its content, which reaches the
// mailbox's owner alone, differs.

type Tx = Prisma.TransactionClient;

/**
 * The answer, known at once, and the email work, which the caller starts
 * only after the response is sent (next/server's after()), so that the
 * response time does not tell which email is due. `emailId` names the email
 * the work will queue, so that the answer can already point at it.
 */
export type DeferredRequest<Outcome extends string> = {
  outcome: Outcome | "rateLimited";
  delivery: () => Promise<void>;
  emailId: string | null;
};

export function refused<Outcome extends string>(outcome: Outcome): DeferredRequest<Exclude<Outcome, "rateLimited">> {
  return { outcome: outcome as Exclude<Outcome, "rateLimited"> | "rateLimited", delivery: async () => {}, emailId: null };
}

/** An accepted request: `work` queues its one email under the id given to it. */
export function accepted(work: (emailId: string) => Promise<unknown>): DeferredRequest<"sent"> {
  const emailId = randomUUID();
  return { outcome: "sent", emailId, delivery: async () => void (await work(emailId)) };
}

/** The linkless email for an address no account uses, in the requester's language. */
export function queueNoAccountEmail(
  tx: Tx,
  args: { emailId: string; to: string; locale: Locale; request: TemplateProps<"no-account">["request"] },
) {
  return queueEmail(tx, {
    id: args.emailId,
    template: "no-account",
    to: args.to,
    locale: args.locale,
    props: { request: args.request },
  });
}

/** Per IP and per address: nobody can flood a mailbox or probe many addresses. */
export function allowEmailRequest(email: string, client: ClientInfo): Promise<boolean> {
  return allowAll([
    ["emailIp", client.ip],
    ["emailAddress", email],
  ]);
}
