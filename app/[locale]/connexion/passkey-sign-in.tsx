"use client";

import type { AuthenticationResponseJSON } from "@simplewebauthn/browser";
import { useTranslations } from "@/lib/i18n/client";
import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { FormError } from "@/components/form/form-error";
import { useWebAuthnSupport } from "@/components/form/use-webauthn-support";
import { askForPasskey, loadWebAuthn, passkeySignInOptions } from "@/components/form/webauthn-browser";
import type { ErrorCode } from "@/lib/validation/errors";
import { passkeySignInAction } from "./actions";

/**
 * "Se connecter avec une clé d'accès", and the same passkeys offered in the
 * identifier field's autofill (conditional mediation). Rendered only once
 * JavaScript runs in a browser with WebAuthn: without it, the password form
 * is the page. A success redirects like a password sign-in.
 */
export function PasskeySignIn({ returnTo }: { returnTo?: string }) {
  const t = useTranslations();
  const supported = useWebAuthnSupport() === "supported";
  const [error, setError] = useState<ErrorCode | null>(null);
  const [pending, startTransition] = useTransition();
  const errorRef = useRef<HTMLDivElement>(null);

  const finish = useCallback(
    async (response: AuthenticationResponseJSON) => {
      const result = await passkeySignInAction(JSON.stringify(response), returnTo);
      if (!result.ok) setError(result.formError ?? "passkeyRefused");
    },
    [returnTo],
  );

  useEffect(() => {
    if (!supported) return;
    let active = true;
    let abort = () => {};
    // Autofill: the browser offers this site's passkeys when the identifier field is focused.
    // This component is itself fetched once the page is idle (PasskeySignInWhenIdle).
    void (async () => {
      const { browserSupportsWebAuthnAutofill, startAuthentication, WebAuthnAbortService } = await loadWebAuthn();
      if (!active || !(await browserSupportsWebAuthnAutofill()) || !active) return;
      abort = () => WebAuthnAbortService.cancelCeremony();
      const start = await passkeySignInOptions();
      if (!start.ok || !active) return;
      try {
        await finish(await startAuthentication({ optionsJSON: start.options, useBrowserAutofill: true }));
      } catch {
        // Dismissed, or replaced by the button's own ceremony.
      }
    })().catch(() => undefined);
    return () => {
      active = false;
      abort();
    };
  }, [supported, finish]);

  useEffect(() => {
    if (error) errorRef.current?.querySelector<HTMLElement>("[role=alert]")?.focus();
  }, [error]);

  const signInWithPasskey = () =>
    startTransition(async () => {
      setError(null);
      const answer = await askForPasskey();
      if (!answer.ok) setError(answer.code);
      else await finish(answer.response).catch(() => setError("passkeyRefused"));
    });

  if (!supported) return null;
  return (
    <div className="mt-6 flex flex-col gap-3 border-t border-line pt-6">
      <div ref={errorRef}>{error ? <FormError code={error} /> : null}</div>
      <button
        type="button"
        onClick={signInWithPasskey}
        aria-disabled={pending || undefined}
        className="inline-flex w-full items-center justify-center rounded-control border border-line bg-surface px-4 py-2.5 font-semibold hover:bg-canvas aria-disabled:opacity-70"
      >
        {pending ? <span aria-live="polite">{t("form.pending")}</span> : t("signIn.passkey")}
      </button>
    </div>
  );
}
