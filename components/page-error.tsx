"use client";

import { AppLink } from "@/components/app-link";
import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { useTranslations } from "@/lib/i18n/client";
import { Alert } from "@/components/alert";
import { FormColumn, PageHeader } from "@/components/page-header";
import { primaryButtonClass } from "@/components/form/submit-button";

// What a page shows when rendering it failed (most often: the database could
// not be reached for a moment). The details stay in the server log. Loaded
// only when that happens (app/[locale]/error.tsx).
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  const router = useRouter();
  // The failure was on the server: ask it again, then re-render this segment.
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <FormColumn>
      <PageHeader title={t("pageTitle")} />
      <Alert tone="error" action={<AppLink href="/aide">{t("seeHelp")}</AppLink>}>
        {t("unavailable")}
      </Alert>
      <button type="button" className={`mt-6 ${primaryButtonClass}`} onClick={retry}>
        {t("retry")}
      </button>
    </FormColumn>
  );
}
