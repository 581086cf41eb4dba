// What the status line shows (docs/email-delivery.md), shared by the server that reads it
// and the browser that keeps it current.

/** Which request's email a browser follows: a sign-up's confirmation can have its address corrected. */
export type FollowedEmail = "request" | "signup";

export type EmailStatusView = {
  state: "sending" | "delivered" | "delayed" | "refused" | "spam" | "failed";
  /** Masked: "j•••@exemple.fr". */
  address: string;
  /** When the state last changed (ISO), if it did. */
  at: string | null;
  /** The "Corriger l'adresse" form applies. */
  canCorrect: boolean;
};

/** States after which nothing more is expected: the browser stops asking. */
export const settled: ReadonlySet<EmailStatusView["state"]> = new Set(["delivered", "refused", "spam", "failed"]);

/** The first wait before the browser asks again, each next one longer by a quarter, and the longest. */
const FIRST_POLL_MS = 2000;
const LONGEST_POLL_MS = 20_000;

/**
 * How long the status line waits before its `attempt`-th question (0 first):
 * soon while an email usually moves (seconds), then less and less often, so
 * a tab left open on a delayed email costs a request every 20 seconds at most.
 */
export function pollDelayMs(attempt: number): number {
  return Math.min(LONGEST_POLL_MS, Math.round(FIRST_POLL_MS * 1.25 ** Math.max(0, attempt)));
}
