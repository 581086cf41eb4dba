import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { FormColumn, PageHeader } from "@/components/page-header";
import { pageLocale, type LocaleProps } from "@/lib/next/page-locale";
import { SignUpForm } from "./sign-up-form";

// The same for everyone: rendered once per language at build time.
export async function generateMetadata({ params }: LocaleProps): Promise<Metadata> {
  await pageLocale(params);
  return { title: (await getTranslations("signUp"))("title") };
}

export default async function SignUpPage({ params }: LocaleProps) {
  await pageLocale(params);
  const t = await getTranslations("signUp");
  return (
    <FormColumn>
      <PageHeader title={t("title")} intro={t("intro")} />
      <SignUpForm />
    </FormColumn>
  );
}
