import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { FormError } from "@/components/form/form-error";
import { FormColumn, PageHeader } from "@/components/page-header";
import { findResetAccount, type ResetAccount } from "@/lib/auth/recovery";
import { orWhenUnavailable } from "@/lib/request/unavailable";
import { ResetForm } from "./reset-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reset"))("title"), referrer: "no-referrer", robots: { index: false } };
}

// Opening the page does not use the link up: only submitting the form does.
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const [{ token }, t] = await Promise.all([params, getTranslations()]);
  // Rendered here rather than by the error boundary, so that it reads without JavaScript too.
  const account = await orWhenUnavailable<ResetAccount | null | "unavailable">(
    () => findResetAccount(token),
    () => "unavailable",
  );
  if (account === "unavailable") {
    return (
      <FormColumn>
        <PageHeader title={t("reset.title")} />
        <FormError code="unavailable" />
      </FormColumn>
    );
  }
  if (!account) {
    return (
      <FormColumn>
        <PageHeader title={t("reset.title")} />
        <FormError code="invalidLink" />
        <p className="mt-4">
          <Link href="/mot-de-passe-oublie">{t("errors.requestNewLink")}</Link>
        </p>
      </FormColumn>
    );
  }
  return (
    <FormColumn>
      <PageHeader title={t("reset.title")} intro={t("reset.intro", { pseudo: account.pseudo })} />
      <ResetForm token={token} identity={account} />
    </FormColumn>
  );
}
