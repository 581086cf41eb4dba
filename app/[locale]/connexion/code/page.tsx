import type { Metadata } from "next";
import { AppLink } from "@/components/app-link";
import { getTranslations } from "next-intl/server";
import { FormColumn, PageHeader } from "@/components/page-header";
import { pageLocale, type LocaleProps } from "@/lib/next/page-locale";
import { twoStepSettings } from "@/lib/auth/two-step/challenge";
import { safeReturnPath } from "@/lib/validation/return-path";
import { AppCodeForm, RecoveryCodeForm } from "./code-form";

// /connexion/code: the second step of a two-step account's sign-in. The
// page itself holds nothing of the sign-in; the action reads the browser's
// "two-step" cookie (lib/auth/two-step/challenge.ts), and without one sends
// the browser back to /connexion.

type Props = LocaleProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export async function generateMetadata({ params }: LocaleProps): Promise<Metadata> {
  await pageLocale(params);
  return { title: (await getTranslations("signIn"))("codeTitle") };
}

export default async function Page({ params, searchParams }: Props) {
  await pageLocale(params);
  const [t, query] = await Promise.all([getTranslations("signIn"), searchParams]);
  const returnTo = safeReturnPath(first(query.returnTo));
  const recovery = first(query.mode) === "secours";
  const back = (mode?: string) => {
    const search = new URLSearchParams({ ...(mode ? { mode } : {}), ...(returnTo ? { returnTo } : {}) }).toString();
    return `/connexion/code${search ? `?${search}` : ""}`;
  };
  const rememberDays = twoStepSettings().rememberDays;
  return (
    <FormColumn>
      <PageHeader title={t("codeTitle")} intro={recovery ? t("recoveryIntro") : t("codeIntro")} />
      {recovery ? (
        <RecoveryCodeForm returnTo={returnTo} rememberDays={rememberDays} />
      ) : (
        <AppCodeForm returnTo={returnTo} rememberDays={rememberDays} />
      )}
      <p className="mt-4 flex flex-col gap-2 text-sm">
        {recovery ? <AppLink href={back()}>{t("useAppCode")}</AppLink> : <AppLink href={back("secours")}>{t("useRecoveryCode")}</AppLink>}
        {/* Neither the app nor a recovery code: §8's request on the account's own address (lib/auth/lost-mailbox.ts). */}
        <AppLink href="/acces-perdu/application">{t("lostAuthenticator")}</AppLink>
      </p>
    </FormColumn>
  );
}
