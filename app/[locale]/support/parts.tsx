import { AppLink } from "@/components/app-link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

// Pieces every /support page shares. Server components only: the console
// works as plain forms and links, without JavaScript.

export const secondaryButton = "rounded-control border border-line bg-surface px-4 py-2 font-medium hover:bg-canvas";
export const inputClass = "w-full rounded-control border border-line bg-surface px-3 py-2 text-base";

export async function SupportNav() {
  const t = await getTranslations("support");
  return (
    <nav aria-label={t("navLabel")} className="mb-6 flex gap-4 text-sm">
      <AppLink href="/support">{t("navSearch")}</AppLink>
      <AppLink href="/support/demandes">{t("navRequests")}</AppLink>
      <AppLink href="/support/recuperations">{t("navRecoveries")}</AppLink>
    </nav>
  );
}

/** A titled region of a /support page, named by its heading. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className="mt-8">
      <h2 id={`${id}-title`} className="mb-3 text-lg font-bold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A data table with column headers; `empty` stands in for it when there are no rows. */
export function Table({ headers, rows, empty }: { headers: string[]; rows: ReactNode[][]; empty: string }) {
  if (rows.length === 0) return <p>{empty}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <thead>
          <tr className="border-b border-line text-left">
            {headers.map((header) => (
              <th key={header} scope="col" className="py-2 pr-3">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, row) => (
            <tr key={row} className="border-b border-line align-top">
              {cells.map((cell, column) => (
                <td key={column} className="py-2 pr-3">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
