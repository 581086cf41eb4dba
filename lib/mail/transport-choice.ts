import { env, isProduction } from "@/lib/env";

// Which transport is active, apart from the transports themselves so that the
// proxy can gate the development mailbox without loading the Resend SDK.

export type TransportName = "outbox" | "resend";

export function activeTransport(): TransportName {
  const e = env();
  if (e.MAIL_TRANSPORT) return e.MAIL_TRANSPORT;
  if (e.RESEND_API_KEY) return "resend";
  if (isProduction()) {
    throw new Error(
      "No email transport: set RESEND_API_KEY (and MAIL_FROM) for production, or MAIL_TRANSPORT=outbox to keep emails in the database (development mailbox).",
    );
  }
  return "outbox";
}

/** The development mailbox exists only while emails stay in the outbox. */
export function devMailboxEnabled(): boolean {
  return activeTransport() === "outbox";
}
