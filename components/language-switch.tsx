"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { setLocale } from "@/app/locale-actions";
import type { Locale } from "@/lib/i18n/config";

type LanguageSwitchProps = { target: Locale; label: string; description: string };

/** A plain form posting to a server action, so the switch also works before JavaScript loads. */
export function LanguageSwitch({ target, label, description }: LanguageSwitchProps) {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  return (
    <form action={setLocale}>
      <input type="hidden" name="locale" value={target} />
      <input type="hidden" name="returnTo" value={search ? `${pathname}?${search}` : pathname} />
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
