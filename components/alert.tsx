import type { ReactNode } from "react";

type AlertProps = {
  tone: "notice" | "error" | "warning";
  children: ReactNode;
  /** Extra content under the message: a link to the help page or to a request page. */
  action?: ReactNode;
  id?: string;
  /** False for a quoted example (the help page): shown the same, never announced. */
  live?: boolean;
};

const tones = {
  notice: "border-notice-border bg-notice-soft text-notice",
  warning: "border-warning-border bg-warning-soft text-warning",
  error: "border-danger-border bg-danger-soft text-danger",
} as const;

/** A banner. Errors are announced at once (role=alert), notices politely (role=status). */
export function Alert({ tone, children, action, id, live = true }: AlertProps) {
  return (
    <div
      id={id}
      role={live ? (tone === "notice" ? "status" : "alert") : undefined}
      tabIndex={live ? -1 : undefined}
      className={`rounded-control border px-4 py-3 ${tones[tone]}`}
    >
      <p className="font-medium">{children}</p>
      {action ? <div className="mt-1 text-sm">{action}</div> : null}
    </div>
  );
}
