"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { setLocale } from "./language-switch-action";
import type { Locale } from "@/lib/i18n/config";
import { publicPath } from "@/lib/i18n/public-path";

type LanguageSwitchProps = { target: Locale; label: string; description: string };

/** A plain form posting to a server action, so the switch also works before JavaScript loads. */
export function LanguageSwitch({ target, label, description }: LanguageSwitchProps) {
  const pathname = publicPath(usePathname());
  return (
    <form action={setLocale}>
      <input type="hidden" name="locale" value={target} />
      <input type="hidden" name="returnTo" value={pathname} />
      {/* Pages rendered ahead of time have no query; the others render it on the server. */}
      <Suspense>
        <ReturnQuery />
      </Suspense>
      <button
        type="submit"
        lang={target}
        aria-label={description}
        className="rounded-control border border-line bg-surface px-3 py-1 text-sm font-medium hover:bg-canvas"
      >
        {label}
      </button>
    </form>
  );
}

function ReturnQuery() {
  const search = useSearchParams().toString();
  return search ? <input type="hidden" name="returnQuery" value={search} /> : null;
}
