import type { Metadata } from "next";
import { AppLink } from "@/components/app-link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { FormError } from "@/components/form/form-error";
import { SubmitButton } from "@/components/form/submit-button";
import { FormColumn, PageHeader } from "@/components/page-header";
import type { EmailLink } from "@/lib/auth/email-link";
import { openEmailLink, type ButtonLink } from "@/lib/next/email-links";

/** The metadata of every emailed link's page: its title, and neither a Referer nor an index entry. */
export async function emailLinkMetadata(link: EmailLink): Promise<Metadata> {
  return { title: (await getTranslations())(link.title), referrer: "no-referrer", robots: { index: false } };
}

/**
 * A link that is no longer good, or unreadable while the database is down,
 * said on its own page (the flows whose refusal is "page", lib/flows.ts),
 * with the way to a new link. Rendered by the server, so it reads without
 * JavaScript too.
 */
export async function LinkRefused({ link, code }: { link: EmailLink; code: "invalidLink" | "unavailable" }) {
  const t = await getTranslations();
  return (
    <FormColumn>
      <PageHeader title={t(link.title)} />
      <FormError code={code} />
      {code === "invalidLink" ? <LinkRefusedWaysBack requestPage={link.route.requestPage} /> : null}
    </FormColumn>
  );
}

/**
 * Under a refused link: the page that sends a new one, and, since the link
 * came by email, the way back for whoever cannot read that mailbox any more.
 */
export async function LinkRefusedWaysBack({ requestPage }: { requestPage: string | null }) {
  const t = await getTranslations();
  return (
    <>
      {requestPage ? (
        <p className="mt-4">
          <AppLink href={requestPage}>{t("errors.requestNewLink")}</AppLink>
        </p>
      ) : null}
      <p className="mt-2 text-sm">
        <AppLink href="/acces-perdu">{t("signIn.lostMailbox")}</AppLink>
      </p>
    </>
  );
}

/**
 * The page an emailed link with a button opens (app/[locale]/[link]/[token]):
 * one button, whose POST (`action`) is the only thing that uses the link up,
 * so a mail scanner's GET or HEAD leaves it for its owner. A link that is no
 * longer good is refused at once. The page carries a token: the proxy sends
 * it with no-referrer and no-store (lib/flows.ts), and it is rendered per
 * request.
 */
export async function EmailLinkPage({
  link,
  token,
  action,
}: {
  link: ButtonLink;
  token: string;
  action: (formData: FormData) => Promise<void>;
}) {
  const [state, t] = await Promise.all([openEmailLink(link.flow, token), getTranslations()]);
  if (state === "refused" || state === "unavailable")
    return <LinkRefused link={link} code={state === "refused" ? "invalidLink" : "unavailable"} />;
  if (state !== "live") redirect(state);
  return (
    <FormColumn>
      <PageHeader title={t(link.title)} intro={t(link.button.intro)} />
      <form action={action}>
        <input type="hidden" name="token" value={token} />
        <SubmitButton pendingLabel={t("form.pending")}>{t(link.button.submit)}</SubmitButton>
      </form>
    </FormColumn>
  );
}
