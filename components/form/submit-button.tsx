"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

/** The look of the green primary button, shared with the help page's examples. */
export const primaryButtonClass =
  "inline-flex w-full items-center justify-center rounded-control bg-primary px-4 py-2.5 font-semibold text-primary-contrast no-underline hover:bg-primary-hover aria-disabled:opacity-70";

type SubmitButtonProps = {
  children: ReactNode;
  pendingLabel: string;
  /** Pending state driven by the caller (a transition), on top of the native form status. */
  pending?: boolean;
};

/** The green primary button; disabled and labelled while its form is being sent. */
export function SubmitButton({ children, pendingLabel, pending }: SubmitButtonProps) {
  const status = useFormStatus();
  const busy = pending || status.pending;
  return (
    <button
      type="submit"
      aria-disabled={busy || undefined}
      onClick={(event) => {
        // A second click while the first submission runs would post twice.
        if (busy) event.preventDefault();
      }}
      className={primaryButtonClass}
    >
      {busy ? <span aria-live="polite">{pendingLabel}</span> : children}
    </button>
  );
}
