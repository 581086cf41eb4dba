import type { ReactNode } from "react";

/** The title block of a form page. */
export function PageHeader({ title, intro }: { title: string; intro?: ReactNode }) {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-bold">{title}</h1>
      {intro ? <p className="mt-2 text-ink-muted">{intro}</p> : null}
    </div>
  );
}

/** The narrow column forms sit in. */
export function FormColumn({ children }: { children: ReactNode }) {
  return <div className="mx-auto w-full max-w-form">{children}</div>;
}
