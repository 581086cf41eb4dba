import type { Metadata } from "next";
import { AppLink } from "@/components/app-link";
import { redirect } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { SubmitButton } from "@/components/form/submit-button";
import { FormColumn, PageHeader } from "@/components/page-header";
import { provenClosedAccount } from "@/lib/auth/closed-account";
import { scheduledDeletion } from "@/lib/privacy/deletion";
import { cancelDeletionAction } from "./actions";

// Where a closed account's right password or passkey leads (lib/privacy): its
// erasure date and the one button that keeps it. Without the proof the
// sign-in left, the visitor goes back to /connexion.

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("closing"))("title"), robots: { index: false } };
}

export default async function ClosedAccountPage() {
  const proof = await provenClosedAccount();
  const closing = proof ? await scheduledDeletion(proof.userId, proof.dueAt) : null;
  if (!closing) redirect("/connexion?code=accountClosing");
  const [t, format] = await Promise.all([getTranslations("closing"), getFormatter()]);
  return (
    <FormColumn>
      <PageHeader
        title={t("title")}
        intro={t("intro", { pseudo: closing.pseudo, date: format.dateTime(closing.dueAt, { dateStyle: "full", timeStyle: "short" }) })}
      />
      <form action={cancelDeletionAction} className="mb-4">
        <SubmitButton pendingLabel={(await getTranslations("form"))("pending")}>{t("submit")}</SubmitButton>
      </form>
      <p>
        <AppLink href="/">{t("leave")}</AppLink>
      </p>
    </FormColumn>
  );
}
