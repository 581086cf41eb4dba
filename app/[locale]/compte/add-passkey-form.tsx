"use client";

import { standardSchemaResolver } from "@hookform/resolvers/standard-schema";
import { useTranslations } from "@/lib/i18n/client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { Alert } from "@/components/alert";
import { Field } from "@/components/form/field";
import { FormError } from "@/components/form/form-error";
import { SubmitButton } from "@/components/form/submit-button";
import { useErrorText } from "@/components/form/use-error-text";
import { useWebAuthnSupport } from "@/components/form/use-webauthn-support";
import { ceremonyCancelled, loadWebAuthn } from "@/components/form/webauthn-browser";
import type { ErrorCode } from "@/lib/validation/errors";
import { addPasskeySchema, type AddPasskeyInput } from "@/lib/validation/passkey";
import { finishPasskeyRegistrationAction, startPasskeyRegistrationAction } from "./actions";

type Outcome = { notice: string } | { error: ErrorCode } | null;

/** What the browser's refusal means for the person: they cancelled (or waited too long), or this key is already on the account. */
function refusalOf(error: unknown): ErrorCode {
  // A WebAuthnError of @simplewebauthn/browser, told by its code (the library is fetched only when needed).
  if (error instanceof Error && "code" in error && error.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") return "passkeyNotAdded";
  if (ceremonyCancelled(error)) return "passkeyCancelled";
  return "passkeyNotAdded";
}

/**
 * "Ajouter une clé d'accès": the current password (checked by the server
 * with the same lock rules as a password change), then the browser creates
 * the passkey, then the server verifies and stores it. Rendered once
 * JavaScript runs in a browser that has WebAuthn: nothing else can do it.
 */
export function AddPasskeyForm({ username }: { username: string }) {
  const t = useTranslations();
  const errorText = useErrorText();
  const router = useRouter();
  const support = useWebAuthnSupport();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [pending, startTransition] = useTransition();
  const outcomeRef = useRef<HTMLDivElement>(null);
  const form = useForm<AddPasskeyInput>({ resolver: standardSchemaResolver(addPasskeySchema), mode: "onTouched" });

  useEffect(() => {
    if (outcome) outcomeRef.current?.querySelector<HTMLElement>("[role=alert],[role=status]")?.focus();
  }, [outcome]);

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      setOutcome(null);
      const start = await startPasskeyRegistrationAction(values);
      if (!start.ok) {
        const [field, message] = Object.entries(start.fieldErrors ?? {})[0] ?? [];
        if (field === "currentPassword" && message) {
          form.setError("currentPassword", { type: "server", message });
          form.setFocus("currentPassword");
        } else setOutcome({ error: start.formError ?? "unexpected" });
        return;
      }
      let response;
      try {
        const { startRegistration } = await loadWebAuthn();
        response = await startRegistration({ optionsJSON: start.options });
      } catch (error) {
        setOutcome({ error: refusalOf(error) });
        return;
      }
      const finish = await finishPasskeyRegistrationAction(JSON.stringify(response));
      if (!finish.ok) {
        setOutcome({ error: finish.formError ?? "passkeyNotAdded" });
        return;
      }
      form.reset();
      setOutcome({ notice: "account.passkeyAdded" });
      router.refresh();
    }),
  );

  // Before JavaScript runs (and without it), all the page can say is that it is needed.
  if (support === "server") return <p>{t("account.passkeysNoScript")}</p>;
  if (support === "unsupported") return <p>{t("account.passkeysUnsupported")}</p>;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-labelledby="passkey-add-title">
      <h3 id="passkey-add-title" className="font-bold">
        {t("account.passkeyAdd")}
      </h3>
      <p className="text-sm text-ink-muted">{t("account.passkeyAddIntro")}</p>
      <div ref={outcomeRef}>
        {outcome && "notice" in outcome ? <Alert tone="notice">{t(outcome.notice as never)}</Alert> : null}
        {outcome && "error" in outcome ? <FormError code={outcome.error} /> : null}
      </div>
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <Field
        label={t("fields.currentPassword")}
        type="password"
        autoComplete="current-password"
        idPrefix="passkey"
        error={errorText(form.formState.errors.currentPassword?.message)}
        {...form.register("currentPassword")}
      />
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {t("account.passkeyAdd")}
      </SubmitButton>
    </form>
  );
}
