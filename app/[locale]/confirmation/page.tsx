import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { EmailRequestForm } from "@/components/form/email-request-form";
import { RequestPage } from "@/components/request-page";
import { requestConfirmationAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("confirmation"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ConfirmationRequestPage({ searchParams }: Props) {
  const [params, t] = await Promise.all([searchParams, getTranslations("confirmation")]);
  return (
    <RequestPage title={t("title")} intro={t("intro")} invalidLink={params.error === "invalidLink"}>
      <EmailRequestForm action={requestConfirmationAction} submitLabel={t("submit")} />
    </RequestPage>
  );
}
