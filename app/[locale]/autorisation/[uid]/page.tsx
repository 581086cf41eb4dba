import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { FormColumn, PageHeader } from "@/components/page-header";
import { currentUser } from "@/lib/next/current-user";
import { consentView } from "@/lib/oidc/consent";
import { interactionPath } from "@/lib/oidc/provider";
import { ConsentButtons } from "./consent-buttons";

// Sign in with Sésame's consent page (README.md, "Sign in with Sésame"), for an application that is
// not first-party; the provider's interaction route (lib/oidc/interactions.ts)
// sends the browser here and takes the decision.

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("oidc"))("consentTitle"), robots: { index: false } };
}

export default async function ConsentPage({ params }: { params: Promise<{ uid: string }> }) {
  const { uid } = await params;
  const [user, t] = await Promise.all([currentUser(), getTranslations("oidc")]);
  if (!user) redirect(`/connexion?returnTo=${encodeURIComponent(interactionPath(uid))}`);
  const view = await consentView(uid, user.id);
  if (view.kind === "elsewhere") redirect(view.location);
  if (view.kind === "expired") {
    return (
      <FormColumn>
        <PageHeader title={t("expiredTitle")} intro={t("expiredBody")} />
      </FormColumn>
    );
  }
  return (
    <FormColumn>
      <PageHeader title={t("consentTitle")} intro={t("consentText", { client: view.clientName })} />
      <p className="mb-4">{t("consentSignedInAs", { pseudo: user.pseudo })}</p>
      <ConsentButtons decisionUrl={view.decisionUrl} labels={{ allow: t("allow"), deny: t("deny"), expired: t("expiredBody") }} />
    </FormColumn>
  );
}
