import type { ReactNode } from "react";

/** One titled section of /compte: a region named by its heading, for screen readers and tests. */
export function AccountSection({ id, title, intro, children }: { id: string; title: string; intro: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className="mt-8">
      <h2 id={`${id}-title`} className="text-lg font-bold">
        {title}
      </h2>
      <p className="mb-3 text-sm text-ink-muted">{intro}</p>
      {children}
    </section>
  );
}
