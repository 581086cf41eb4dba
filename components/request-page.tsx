import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { ReactNode } from "react";
import { FormError } from "@/components/form/form-error";
import { FormColumn, PageHeader } from "@/components/page-header";

type RequestPageProps = {
  title: string;
  intro: string;
  /** Shown when a link of this flow was refused (?error=invalidLink). */
  invalidLink: boolean;
  children: ReactNode;
};

/** The frame of the "send me an email" pages. */
export async function RequestPage({ title, intro, invalidLink, children }: RequestPageProps) {
  const t = await getTranslations("signIn");
  return (
    <FormColumn>
      <PageHeader title={title} intro={intro} />
      {invalidLink ? (
        <div className="mb-4">
          <FormError code="invalidLink" />
        </div>
      ) : null}
      {children}
      <p className="mt-6 text-sm">
        <Link href="/connexion">{t("submit")}</Link>
      </p>
    </FormColumn>
  );
}
