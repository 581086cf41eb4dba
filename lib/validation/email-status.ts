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
