import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("help"))("title") };
}

export default async function HelpPage() {
  const t = await getTranslations();
  return (
    <article className="mx-auto max-w-article">
      <PageHeader title={t("help.title")} />
      <ul className="flex list-disc flex-col gap-2 pl-5">
        <li>
          <Link href="/mot-de-passe-oublie">{t("signIn.forgotPassword")}</Link>
        </li>
        <li>
          <Link href="/confirmation">{t("signIn.noConfirmation")}</Link>
        </li>
        <li>
          <Link href="/deverrouillage">{t("signIn.noUnlock")}</Link>
        </li>
      </ul>
      <p className="mt-8 font-medium">{t("help.footer")}</p>
    </article>
  );
}
