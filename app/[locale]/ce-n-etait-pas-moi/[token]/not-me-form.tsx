"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormError } from "@/components/form/form-error";
import { SubmitButton } from "@/components/form/submit-button";
import { secureAccountAction } from "./actions";

/** One button; works without JavaScript (the action is the form's). */
export function NotMeForm({ token, submitLabel }: { token: string; submitLabel: string }) {
  const t = useTranslations();
  const [state, formAction] = useActionState(secureAccountAction, null);
  return (
    <form action={formAction} className="flex flex-col gap-4">
      {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel={t("form.pending")}>{submitLabel}</SubmitButton>
    </form>
  );
}
