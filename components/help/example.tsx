import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";

/**
 * An illustration of the help page: the app's own components in a
 * read-only state, so the picture cannot drift from the product. The form
 * part is inert (not focusable, not announced); the quoted messages are
 * readable text.
 */
export async function HelpExample({ form, children }: { form?: ReactNode; children: ReactNode }) {
  const t = await getTranslations("help");
  return (
    <figure className="my-4 rounded-control border border-line bg-canvas p-4">
      <figcaption className="mb-3 text-sm font-medium text-ink-muted">{t("example")}</figcaption>
      {form ? (
        <div inert className="mb-3 flex flex-col gap-3 opacity-90">
          {form}
        </div>
      ) : null}
      <div className="flex flex-col gap-2">{children}</div>
    </figure>
  );
}
