"use client";

import { useState, useTransition } from "react";
import { FormError } from "@/components/form/form-error";
import { useWebAuthnSupport } from "@/components/form/use-webauthn-support";
import { askForPasskey } from "@/components/form/webauthn-browser";
import { useTranslations } from "@/lib/i18n/client";
import type { ErrorCode } from "@/lib/validation/errors";

/**
 * « Prouver avec une clé d'accès » on /acces-perdu: the owner's passkey goes
 * with the request as evidence (with the password, the account moves at once,
 * as from a known browser). The assertion rides in the form; the server checks
 * it after the answer, which stays the same whatever it finds. Shown only
 * where JavaScript and WebAuthn run.
 */
/** The page's own texts (its namespace is not among the client's messages). */
export type PasskeyEvidenceLabels = { prove: string; given: string };

export function PasskeyEvidence({ labels }: { labels: PasskeyEvidenceLabels }) {
  const t = useTranslations();
  const supported = useWebAuthnSupport() === "supported";
  const [assertion, setAssertion] = useState("");
  const [error, setError] = useState<ErrorCode | null>(null);
  const [pending, startTransition] = useTransition();
  if (!supported) return null;

  const prove = () =>
    startTransition(async () => {
      setError(null);
      const answer = await askForPasskey();
      if (answer.ok) setAssertion(JSON.stringify(answer.response));
      else setError(answer.code);
    });

  return (
    <div className="flex flex-col gap-2">
      <input type="hidden" name="passkey" value={assertion} />
      {error ? <FormError code={error} /> : null}
      {assertion ? (
        <p role="status" className="text-sm text-notice">
          {labels.given}
        </p>
      ) : (
        <button
          type="button"
          onClick={prove}
          aria-disabled={pending || undefined}
          className="inline-flex w-full items-center justify-center rounded-control border border-line bg-surface px-4 py-2.5 font-semibold hover:bg-canvas aria-disabled:opacity-70"
        >
          {pending ? <span aria-live="polite">{t("form.pending")}</span> : labels.prove}
        </button>
      )}
    </div>
  );
}
