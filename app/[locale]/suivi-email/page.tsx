import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { cookies } from "next/headers";
import { AppLink } from "@/components/app-link";
import { EmailStatusLine } from "@/components/email-status/email-status-line";
import { FormColumn, PageHeader } from "@/components/page-header";
import { pageLocale, type LocaleProps } from "@/lib/next/page-locale";
import { emailStatus, STATUS_COOKIE } from "@/lib/mail/status";
import { correctAddressAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: LocaleProps): Promise<Metadata> {
  await pageLocale(params);
  return { title: (await getTranslations("emailStatus"))("pageTitle"), robots: { index: false } };
}

/** Where "Actualiser" leads without JavaScript: the status line of the email this browser asked for. */
export default async function EmailStatusPage({ params }: LocaleProps) {
  await pageLocale(params);
  const [t, tSignIn, view] = await Promise.all([
    getTranslations("emailStatus"),
    getTranslations("signIn"),
    emailStatus((await cookies()).get(STATUS_COOKIE)?.value),
  ]);
  return (
    <FormColumn>
      <PageHeader title={t("pageTitle")} />
      {view ? <EmailStatusLine initial={view} correctAction={correctAddressAction} /> : <p>{t("nothing")}</p>}
      <p className="mt-6 text-sm">
        <AppLink href="/connexion">{tSignIn("submit")}</AppLink>
      </p>
    </FormColumn>
  );
}
