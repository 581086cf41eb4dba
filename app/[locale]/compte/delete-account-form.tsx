"use client";

import { useTranslations } from "@/lib/i18n/client";
import { useState, useTransition } from "react";
import { ErrorSummary } from "@/components/form/error-summary";
import { Field } from "@/components/form/field";
import { FormError } from "@/components/form/form-error";
import { SubmitButton } from "@/components/form/submit-button";
import { useErrorText } from "@/components/form/use-error-text";
import { useServerForm } from "@/components/form/use-server-form";
import { useWebAuthnSupport } from "@/components/form/use-webauthn-support";
import { assertionRefusal, loadWebAuthn } from "@/components/form/webauthn-browser";
import type { ErrorCode } from "@/lib/validation/errors";
import { deleteAccountAction, finishDeletionPasskeyAction, startDeletionPasskeyAction } from "./actions";

const loadDeleteAccountSchema = () => import("@/lib/validation/delete-account").then((m) => m.deleteAccountSchema);

/**
 * "Supprimer mon compte": the current password, or (once JavaScript runs in a
 * browser with WebAuthn, for an account that has one) a passkey of the
 * account. On success the action signs the browser out and leads to
 * /connexion, which says what happens next.
 */
export function DeleteAccountForm({ hasPasskeys }: { hasPasskeys: boolean }) {
  const t = useTranslations();
  const errorText = useErrorText();
  const support = useWebAuthnSupport();
  const { form, errors, state, formAction, pending, onSubmit } = useServerForm(loadDeleteAccountSchema, deleteAccountAction);
  const [passkeyError, setPasskeyError] = useState<ErrorCode | null>(null);
  const [passkeyPending, startPasskey] = useTransition();

  const deleteWithPasskey = () =>
    startPasskey(async () => {
      setPasskeyError(null);
      const start = await startDeletionPasskeyAction();
      if (!start.ok) return setPasskeyError(start.formError ?? "unexpected");
      let response;
      try {
        const { startAuthentication } = await loadWebAuthn();
        response = await startAuthentication({ optionsJSON: start.options });
      } catch (error) {
        return setPasskeyError(assertionRefusal(error));
      }
      // On success the action redirects; only a refusal comes back.
      const finish = await finishDeletionPasskeyAction(JSON.stringify(response));
      if (!finish.ok) setPasskeyError(finish.formError ?? "passkeyRefused");
    });

  return (
    <div className="flex flex-col gap-4">
      <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
        <ErrorSummary errors={errors} labels={{ password: t("fields.currentPassword") }} idPrefix="delete-account" />
        <Field
          idPrefix="delete-account"
          label={t("fields.currentPassword")}
          type="password"
          autoComplete="current-password"
          error={errorText(errors.password?.message)}
          {...form.register("password")}
        />
        <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
          {t("account.deleteSubmit")}
        </SubmitButton>
      </form>
      {hasPasskeys && support === "supported" ? (
        <div className="flex flex-col gap-2">
          <p className="text-sm text-ink-muted">{t("account.deleteOr")}</p>
          {passkeyError ? <FormError code={passkeyError} /> : null}
          <button
            type="button"
            onClick={() => {
              // A second click while the first runs would ask the authenticator twice.
              if (!passkeyPending) deleteWithPasskey();
            }}
            aria-disabled={passkeyPending || undefined}
            className="rounded-control border border-line bg-surface px-4 py-2 font-medium hover:bg-canvas aria-disabled:opacity-70"
          >
            {passkeyPending ? <span aria-live="polite">{t("form.pending")}</span> : t("account.deleteWithPasskey")}
          </button>
        </div>
      ) : null}
    </div>
  );
}
