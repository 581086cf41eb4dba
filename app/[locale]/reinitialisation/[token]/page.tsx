import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { emailLinkMetadata, LinkRefused } from "@/components/email-link-page";
import { FormColumn, PageHeader } from "@/components/page-header";
import { findResetAccount, resetLink, type ResetAccount } from "@/lib/auth/recovery";
import { orWhenUnavailable } from "@/lib/request/unavailable";
import { ResetForm } from "./reset-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return emailLinkMetadata(resetLink);
}

// The reset link's own page (lib/auth/recovery.ts declares the link): opening
// it does not use the link up, only submitting the form does.
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const [{ token }, t] = await Promise.all([params, getTranslations()]);
  const account = await orWhenUnavailable<ResetAccount | null | "unavailable">(
    () => findResetAccount(token),
    () => "unavailable",
  );
  if (account === "unavailable" || !account) return <LinkRefused link={resetLink} code={account ? "unavailable" : "invalidLink"} />;
  return (
    <FormColumn>
      <PageHeader title={t("reset.title")} intro={t("reset.intro", { pseudo: account.pseudo })} />
      <ResetForm token={token} identity={account} requestPage={resetLink.route.requestPage} />
    </FormColumn>
  );
}
