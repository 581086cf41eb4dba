import * as z from "zod/mini";
import { textField } from "./fields";

// The support console's forms (docs/support.md). Plain forms without JavaScript: the
// same schemas run in the server actions only.

export const supportActions = ["resendConfirmation", "unlock", "sendReset", "signOutEverywhere", "liftSuppression"] as const;
export type SupportAction = (typeof supportActions)[number];

/** One line, bounded like the contact form's subject: it is shown to other agents and kept in the journal. */
export const reasonField = textField(1000, 200, { singleLine: true });

export const supportSearchSchema = z.object({ query: textField(1000, 254, { singleLine: true }) });

export const supportActionSchema = z.object({
  userId: z.uuid(),
  action: z.enum(supportActions),
  reason: reasonField,
});

export const markHandledSchema = z.object({ requestId: z.uuid() });

/** "Approuver la demande" / "Refuser la demande" on a recovery request, with its "Motif". */
export const recoveryDecisionSchema = z.object({
  requestId: z.uuid(),
  decision: z.enum(["approve", "refuse"]),
  reason: reasonField,
});
