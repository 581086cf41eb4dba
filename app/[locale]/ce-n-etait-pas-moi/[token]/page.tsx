import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { FormError } from "@/components/form/form-error";
import { FormColumn, PageHeader } from "@/components/page-header";
import { isLiveNotMeLink } from "@/lib/auth/new-device-alert";
import { orWhenUnavailable } from "@/lib/request/unavailable";
import { NotMeForm } from "./not-me-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notMe"))("title"), referrer: "no-referrer", robots: { index: false } };
}

// The new-device alert's "Ce n'était pas moi": opening the link only shows the button (mail scanners open links).
export default async function NotMePage({ params }: { params: Promise<{ token: string }> }) {
  const [{ token }, t] = await Promise.all([params, getTranslations()]);
  const live = await orWhenUnavailable<boolean | "unavailable">(
    () => isLiveNotMeLink(token),
    () => "unavailable",
  );
  if (live !== true) {
    return (
      <FormColumn>
        <PageHeader title={t("notMe.title")} />
        <FormError code={live === "unavailable" ? "unavailable" : "invalidLink"} />
        {live === false ? (
          <p className="mt-4">
            <Link href="/mot-de-passe-oublie">{t("errors.requestNewLink")}</Link>
          </p>
        ) : null}
      </FormColumn>
    );
  }
  return (
    <FormColumn>
      <PageHeader title={t("notMe.title")} intro={t("notMe.intro")} />
      <NotMeForm token={token} submitLabel={t("notMe.submit")} />
    </FormColumn>
  );
}
