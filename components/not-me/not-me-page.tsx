import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { FormError } from "@/components/form/form-error";
import { FormColumn, PageHeader } from "@/components/page-header";
import { openEmailLink } from "@/lib/next/email-links";
import type { NotMeResult } from "@/lib/validation/not-me";
import { NotMeForm } from "./not-me-form";

/**
 * The page a "Ce n'était pas moi" link opens (the new-device alert's, the
 * passkey-added email's): opening it only shows the button, since mail
 * scanners open links.
 */
export async function NotMePage({
  flow,
  token,
  intro,
  action,
}: {
  flow: "notMe" | "passkeyNotMe";
  token: string;
  intro: "intro" | "passkeyIntro";
  action: (previous: NotMeResult | null, formData: FormData) => Promise<NotMeResult>;
}) {
  const t = await getTranslations();
  // Both flows refuse on the page itself (lib/flows.ts): "refused" or "unavailable", never a path.
  const state = await openEmailLink(flow, token);
  if (state !== "live") {
    const live = state === "unavailable" ? "unavailable" : false;
    return (
      <FormColumn>
        <PageHeader title={t("notMe.title")} />
        <FormError code={live === "unavailable" ? "unavailable" : "invalidLink"} />
        {live === false ? (
          <p className="mt-4">
            <Link href="/mot-de-passe-oublie">{t("errors.requestNewLink")}</Link>
          </p>
        ) : null}
      </FormColumn>
    );
  }
  return (
    <FormColumn>
      <PageHeader title={t("notMe.title")} intro={t(`notMe.${intro}`)} />
      <NotMeForm token={token} action={action} />
    </FormColumn>
  );
}
