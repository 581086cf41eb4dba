import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { EmailRequestForm } from "@/components/form/email-request-form";
import { RequestPage } from "@/components/request-page";
import { requestResetAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("forgot"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ForgotPasswordPage({ searchParams }: Props) {
  const [params, t] = await Promise.all([searchParams, getTranslations("forgot")]);
  return (
    <RequestPage title={t("title")} intro={t("intro")} invalidLink={params.error === "invalidLink"}>
      <EmailRequestForm action={requestResetAction} submitLabel={t("submit")} />
    </RequestPage>
  );
}
