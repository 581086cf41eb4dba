import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/client-messages";
import { LinkRefusedWaysBack } from "@/components/email-link-page";
import { FormColumn, PageHeader } from "@/components/page-header";
import { emailLinkRoutes } from "@/lib/flows";
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
  // The form renders whatever the link's state: without JavaScript the button's answer comes back
  // on this very page, after the link was used up, and must show what was undone, not a refusal.
  const opened = await openEmailLink(flow, token);
  const linkState = opened === "live" || opened === "unavailable" ? opened : "refused";
  return (
    <FormColumn>
      <PageHeader title={t("notMe.title")} intro={linkState === "live" ? t(`notMe.${intro}`) : undefined} />
      <ClientMessages extra={["notMe"]}>
        <NotMeForm
          token={token}
          action={action}
          linkState={linkState}
          waysBack={<LinkRefusedWaysBack requestPage={emailLinkRoutes[flow].requestPage} />}
        />
      </ClientMessages>
    </FormColumn>
  );
}
