import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { FormColumn, PageHeader } from "@/components/page-header";
import { SignUpForm } from "./sign-up-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signUp"))("title") };
}

export default async function SignUpPage() {
  const t = await getTranslations("signUp");
  return (
    <FormColumn>
      <PageHeader title={t("title")} intro={t("intro")} />
      <SignUpForm />
    </FormColumn>
  );
}
