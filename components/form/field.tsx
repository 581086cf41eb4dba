import type { ComponentPropsWithRef, ReactNode } from "react";

type FieldProps = Omit<ComponentPropsWithRef<"input">, "id" | "name"> & {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  /** Extra ids the input is described by (a rules list, for example). */
  describedBy?: string;
  /** Rendered after the input, inside the same box (a show/hide toggle). */
  trailing?: ReactNode;
  /** Keeps ids unique when two forms on one page have a field of the same name. */
  idPrefix?: string;
};

export function fieldIds(name: string, idPrefix?: string) {
  const base = idPrefix ? `${idPrefix}-field-${name}` : `field-${name}`;
  return { input: base, hint: `${base}-hint`, error: `${base}-error` };
}

/** A labelled input with its hint and its error, wired for screen readers. */
export function Field({ name, label, hint, error, describedBy, trailing, idPrefix, className, ...input }: FieldProps) {
  const ids = fieldIds(name, idPrefix);
  const described = [hint ? ids.hint : null, error ? ids.error : null, describedBy].filter(Boolean).join(" ");
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={ids.input} className="font-medium">
        {label}
      </label>
      {hint ? (
        <p id={ids.hint} className="text-sm text-ink-muted">
          {hint}
        </p>
      ) : null}
      <div className="relative flex items-stretch">
        <input
          id={ids.input}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={described || undefined}
          className={[
            "w-full rounded-control border bg-surface px-3 py-2 text-base",
            error ? "border-danger" : "border-line",
            trailing ? "pr-24" : "",
            className ?? "",
          ].join(" ")}
          {...input}
        />
        {trailing}
      </div>
      {error ? (
        <p id={ids.error} className="text-sm font-medium text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
