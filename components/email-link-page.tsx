import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SubmitButton } from "@/components/form/submit-button";
import { FormColumn, PageHeader } from "@/components/page-header";
import { checkEmailLink, UNAVAILABLE_PATH, type ButtonLinkFlow } from "@/lib/next/email-links";
import { orWhenUnavailable } from "@/lib/request/unavailable";

type LinkPageProps = { params: Promise<{ locale: string; token: string }> };

const texts = {
  confirm: { title: "confirmTitle", intro: "confirmIntro", submit: "confirmSubmit" },
  unlock: { title: "unlockTitle", intro: "unlockIntro", submit: "unlockSubmit" },
  emailChange: { title: "emailChangeTitle", intro: "emailChangeIntro", submit: "emailChangeSubmit" },
} as const satisfies Record<ButtonLinkFlow, Record<string, string>>;

/**
 * The page an emailed confirmation, unlock or email-change link opens: one
 * button, whose POST (`action`) is the only thing that uses the link up, so a
 * mail scanner's GET or HEAD leaves it for its owner. A link that is no longer
 * good is refused at once, as before. The page carries a token: the proxy
 * sends it with no-referrer and no-store (lib/flows.ts), and it is rendered per
 * request (each flow's page.tsx says force-dynamic).
 */
export function emailLinkPage(flow: ButtonLinkFlow, action: (formData: FormData) => Promise<void>) {
  const keys = texts[flow];

  async function generateMetadata(): Promise<Metadata> {
    return { title: (await getTranslations("link"))(keys.title), referrer: "no-referrer", robots: { index: false } };
  }

  async function Page({ params }: LinkPageProps) {
    const [{ token }, t, tForm] = await Promise.all([params, getTranslations("link"), getTranslations("form")]);
    const refused = await orWhenUnavailable(
      () => checkEmailLink(flow, token),
      () => UNAVAILABLE_PATH,
    );
    if (refused) redirect(refused);
    return (
      <FormColumn>
        <PageHeader title={t(keys.title)} intro={t(keys.intro)} />
        <form action={action}>
          <input type="hidden" name="token" value={token} />
          <SubmitButton pendingLabel={tForm("pending")}>{t(keys.submit)}</SubmitButton>
        </form>
      </FormColumn>
    );
  }

  return { generateMetadata, Page };
}
