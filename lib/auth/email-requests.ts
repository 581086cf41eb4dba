import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Prisma } from "@/lib/db";
import { now } from "@/lib/clock";
import type { ClientInfo } from "@/lib/request/client-info";
import type { Locale } from "@/lib/i18n/config";
import { queueEmail } from "@/lib/mail";
import type { TemplateProps } from "@/emails";
import { allowAll } from "@/lib/rate-limit";

// What the three "send me an email" forms (confirmation, unlock, reset) share.
// Owns: the email_requests table.
//
// Every accepted request sends exactly one email: the one the account needs,
// or, for an address without an account (an unlock request for an unlocked
// account too), a short one without a link that says so. So the requester
// can follow the delivery of "their" email (docs/email-delivery.md) and learns about the
// mailbox, never about the account: the notice, the email's existence and
// its delivery are the same either way; only its content, which reaches the
// mailbox's owner alone, differs.

type Tx = Prisma.TransactionClient;

/** An erased account's requests not yet worked (lib/privacy/erasure.ts): they name its address. */
export async function dropEmailRequestsFor(tx: Tx, address: string): Promise<number> {
  return (await tx.emailRequest.deleteMany({ where: { email: address } })).count;
}

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

/** The forms whose accepted requests are recorded (email_requests.kind). */
export type RequestKind = "reset" | "unlock" | "confirm";

/** An accepted request as recorded: enough to do its work in any process, later. */
export type RecordedRequest = { id: string; email: string; locale: Locale; client: ClientInfo };

/**
 * Runs `body` in a transaction that first takes the request's row (one
 * DELETE): null when another run (the answer's, or the deliverer's after a
 * crash) already did the work. The email and the row's removal commit
 * together, so a request is worked exactly once, or stays recorded.
 */
export type Claimed = <T>(body: (tx: Tx) => Promise<T>) => Promise<T | null>;

/** A form's email work: whatever it reads first, it writes its one email inside `claimed`. */
export type RequestWork = (request: RecordedRequest, claimed: Claimed) => Promise<unknown>;

function claimedBy(id: string): Claimed {
  return (body) =>
    db.$transaction(async (tx) => {
      const taken = await tx.$executeRaw`DELETE FROM email_requests WHERE id = ${id}::uuid`;
      return taken === 1 ? body(tx) : null;
    });
}

/** Does a recorded request's work (after the answer, or resumed by the deliverer), once. */
export function workRecordedRequest(request: RecordedRequest, work: RequestWork): Promise<unknown> {
  return work(request, claimedBy(request.id));
}

/**
 * An accepted request: recorded now, before the answer, in one insert that
 * is the same whether or not the address has an account (the timing design
 * holds: the work that differs runs after the answer). If the process dies
 * before the work runs, the deliverer finds the row and does it
 * (lib/auth/email-request-work.ts).
 */
export async function accepted(kind: RequestKind, args: Omit<RecordedRequest, "id">, work: RequestWork): Promise<DeferredRequest<"sent">> {
  const request: RecordedRequest = { id: randomUUID(), ...args };
  await db.emailRequest.create({
    data: {
      id: request.id,
      kind,
      email: args.email,
      locale: args.locale,
      ip: args.client.ip,
      userAgent: args.client.userAgent,
      createdAt: now(),
    },
  });
  return { outcome: "sent", emailId: request.id, delivery: async () => void (await workRecordedRequest(request, work)) };
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
