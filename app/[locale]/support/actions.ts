"use server";

import { notFound, redirect } from "next/navigation";
import * as z from "zod/mini";
import { requireAgent } from "@/lib/next/support-access";
import { markRequestHandled, runSupportAction } from "@/lib/support/actions";
import { requestClient } from "@/lib/next/request-context";
import { formValues } from "@/lib/validation/form-result";
import { markHandledSchema, recoveryDecisionSchema, supportActionSchema } from "@/lib/validation/support";
import { decideRecovery } from "@/lib/support/recoveries";
import { reasonErrorCode } from "./outcomes";

// Plain forms without JavaScript: each action answers with a redirect to the
// page it came from, whose query says what happened (outcomes.ts reads it
// back against a closed list). Every action starts at the console's gate:
// anyone but an agent gets the 404 of a page that does not exist.

const accountPath = (userId: string) => `/support/comptes/${userId}`;

export async function supportAction(formData: FormData): Promise<void> {
  const agent = await requireAgent();
  const values = formValues(formData);
  const parsed = supportActionSchema.safeParse(values);
  if (!parsed.success) {
    const target = z.object({ userId: z.uuid(), action: supportActionSchema.shape.action }).safeParse(values);
    if (!target.success) notFound();
    const code = reasonErrorCode(parsed.error);
    redirect(`${accountPath(target.data.userId)}?action=${target.data.action}&code=${code}#actions`);
  }
  const { userId, action, reason } = parsed.data;
  const result = await runSupportAction(action, { agent, userId, reason }, await requestClient());
  if (!result.ok && result.code === "noAccount") notFound();
  redirect(`${accountPath(userId)}?action=${action}&${result.ok ? "done=1" : `code=${result.code}`}#actions`);
}

export async function markHandledAction(formData: FormData): Promise<void> {
  const agent = await requireAgent();
  const parsed = markHandledSchema.safeParse(formValues(formData));
  if (!parsed.success) notFound();
  const result = await markRequestHandled({ agent, requestId: parsed.data.requestId }, await requestClient());
  redirect(`/support/demandes?${result.ok ? "done=1" : `code=${result.code}`}`);
}

/** A recovery request's decision; the list says what happened (a missing reason included). */
export async function decideRecoveryAction(formData: FormData): Promise<void> {
  const agent = await requireAgent();
  const parsed = recoveryDecisionSchema.safeParse(formValues(formData));
  if (!parsed.success) redirect(`/support/recuperations?code=${reasonErrorCode(parsed.error)}`);
  const result = await decideRecovery({ agent, ...parsed.data }, await requestClient());
  redirect(`/support/recuperations?${result.ok ? "done=1" : `code=${result.code}`}`);
}
