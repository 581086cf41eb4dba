import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AppLink } from "@/components/app-link";
import { FormColumn, PageHeader } from "@/components/page-header";
import { pageLocale, type LocaleProps } from "@/lib/next/page-locale";
import { LostAuthenticatorForm } from "../lost-access-forms";

export async function generateMetadata({ params }: LocaleProps): Promise<Metadata> {
  await pageLocale(params);
  return { title: (await getTranslations("lostMailbox"))("twoStepTitle") };
}

/**
 * "J'ai perdu mon application d'authentification" (docs/two-step.md), linked from
 * /acces-perdu and /connexion/code: §8's request on the account's own
 * address, which at the end turns two-step verification off. The same page
 * for everyone, rendered at build time: it names no setting (the help page
 * and the emails say RECOVERY_DELAY_DAYS).
 */
export default async function LostAuthenticatorPage({ params }: LocaleProps) {
  await pageLocale(params);
  const [t, tSignIn] = await Promise.all([getTranslations("lostMailbox"), getTranslations("signIn")]);
  return (
    <FormColumn>
      <PageHeader title={t("twoStepTitle")} intro={t("twoStepIntro")} />
      <LostAuthenticatorForm submitLabel={t("submit")} />
      <p className="mt-6 flex flex-col gap-2 text-sm">
        <AppLink href="/acces-perdu">{tSignIn("lostMailbox")}</AppLink>
        <AppLink href="/connexion">{tSignIn("submit")}</AppLink>
      </p>
    </FormColumn>
  );
}
