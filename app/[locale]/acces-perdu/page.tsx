import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AppLink } from "@/components/app-link";
import { FormColumn, PageHeader } from "@/components/page-header";
import { pageLocale, type LocaleProps } from "@/lib/next/page-locale";
import { LostMailboxForm } from "./lost-access-forms";

export async function generateMetadata({ params }: LocaleProps): Promise<Metadata> {
  await pageLocale(params);
  return { title: (await getTranslations("lostMailbox"))("title") };
}

/** "Récupérer mon compte sans mon adresse email": the same page for everyone; the lost authenticator has its own (./application). */
export default async function LostMailboxPage({ params }: LocaleProps) {
  await pageLocale(params);
  const [t, tSignIn] = await Promise.all([getTranslations("lostMailbox"), getTranslations("signIn")]);
  return (
    <FormColumn>
      <PageHeader title={t("title")} intro={t("intro")} />
      <LostMailboxForm submitLabel={t("submit")} passkeyLabels={{ prove: t("passkeyProve"), given: t("passkeyGiven") }} />
      <p className="mt-6 flex flex-col gap-2 text-sm">
        <AppLink href="/acces-perdu/application">{tSignIn("lostAuthenticator")}</AppLink>
        <AppLink href="/connexion">{tSignIn("submit")}</AppLink>
      </p>
    </FormColumn>
  );
}
