import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/alert";
import { PageHeader } from "@/components/page-header";
import { requireAgent } from "@/lib/next/support-access";
import { recoveryReviews } from "@/lib/support/recoveries";
import { readRecoveriesOutcome } from "../outcomes";
import { SupportNav } from "../parts";
import { RecoveryRequests } from "../recovery-requests";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("support"))("recoveriesTitle") };
}

/** "Demandes de récupération": every confirmed request still waiting, soonest due first. */
export default async function SupportRecoveriesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAgent();
  const [t, query, requests] = await Promise.all([getTranslations("support"), searchParams, recoveryReviews()]);
  const outcome = readRecoveriesOutcome(query);
  return (
    <div>
      <SupportNav />
      <PageHeader title={t("recoveriesTitle")} intro={t("recoveriesIntro")} />
      {outcome ? (
        <div className="mb-4">
          <Alert tone={outcome === "done" ? "notice" : "error"}>{outcome === "done" ? t("done") : t(`recoveryError_${outcome}`)}</Alert>
        </div>
      ) : null}
      <RecoveryRequests requests={requests} />
    </div>
  );
}
