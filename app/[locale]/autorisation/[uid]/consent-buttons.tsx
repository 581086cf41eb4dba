"use client";

import { useState } from "react";
import { useInBrowser } from "@/components/use-in-browser";
import { primaryButtonClass } from "@/components/form/submit-button";

// "Autoriser" / "Refuser": the decision goes to the provider's side, which
// answers with where to go next (the provider's resume URL, then the
// application). A navigation rather than a form post, so that the page's
// form-action 'self' does not stop the redirect to the application.

type Labels = { allow: string; deny: string; expired: string };

export function ConsentButtons({ decisionUrl, labels }: { decisionUrl: string; labels: Labels }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  // The buttons act through this script: until it runs, a click would be lost, so they wait disabled.
  const ready = useInBrowser();

  async function decide(decision: "allow" | "deny") {
    // A second click while the first decision is sent would send two.
    if (busy) return;
    setBusy(true);
    try {
      const response = await fetch(decisionUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ decision }),
      });
      const body = (await response.json()) as { location?: string };
      if (response.ok && body.location) return window.location.assign(body.location);
    } catch {
      // Shown below.
    }
    setFailed(true);
    setBusy(false);
  }

  return (
    <div className="flex flex-col gap-3">
      {failed ? <p role="alert">{labels.expired}</p> : null}
      <button
        type="button"
        className={primaryButtonClass}
        disabled={!ready}
        aria-disabled={busy || undefined}
        onClick={() => void decide("allow")}
      >
        {labels.allow}
      </button>
      <button
        type="button"
        className="inline-flex w-full items-center justify-center rounded-control border px-4 py-2.5 font-semibold"
        disabled={!ready}
        aria-disabled={busy || undefined}
        onClick={() => void decide("deny")}
      >
        {labels.deny}
      </button>
    </div>
  );
}
