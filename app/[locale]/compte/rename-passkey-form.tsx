"use client";

import { useTranslations } from "@/lib/i18n/client";
import { useActionState } from "react";
import { Alert } from "@/components/alert";
import { Field } from "@/components/form/field";
import { FormError } from "@/components/form/form-error";
import { useErrorText } from "@/components/form/use-error-text";
import { renamePasskeyAction } from "./actions";

/** Renaming, folded away under "Renommer" (a native disclosure: keyboard and screen readers know it); works without JavaScript. */
export function RenamePasskeyForm({ passkeyId, name }: { passkeyId: string; name: string }) {
  const t = useTranslations();
  const errorText = useErrorText();
  const [state, formAction, pending] = useActionState(renamePasskeyAction, null);
  const fieldError = state && !state.ok ? state.fieldErrors?.name : undefined;
  return (
    <details open={Boolean(state && !state.ok) || undefined}>
      <summary className="cursor-pointer text-sm">{t("account.passkeyRename")}</summary>
      <form action={formAction} className="mt-2 flex flex-col gap-2">
        {state?.ok && state.notice ? <Alert tone="notice">{t(state.notice as never)}</Alert> : null}
        {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
        <input type="hidden" name="passkeyId" value={passkeyId} />
        <Field
          name="name"
          idPrefix={`passkey-${passkeyId}`}
          label={t("account.passkeyRenameLabel", { name })}
          defaultValue={name}
          maxLength={60}
          autoComplete="off"
          error={errorText(fieldError)}
        />
        <button
          type="submit"
          aria-disabled={pending || undefined}
          className="self-start rounded-control border border-line px-3 py-1 text-sm hover:bg-canvas"
        >
          {pending ? t("form.pending") : t("account.passkeyRenameSubmit")}
        </button>
      </form>
    </details>
  );
}
