import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AppLink } from "@/components/app-link";
import { EmailRequestForm } from "@/components/form/email-request-form";
import { FormError } from "@/components/form/form-error";
import { FormColumn, PageHeader } from "@/components/page-header";
import { pageLocale, type LocaleProps } from "@/lib/next/page-locale";
import type { FormResult } from "@/lib/validation/form-result";

type RequestAction = (previous: FormResult | null, formData: FormData) => Promise<FormResult>;

type RequestPageOptions = {
  /** The catalogue namespace holding the page's title, intro and button. */
  namespace: "confirmation" | "unlock" | "forgot";
  action: RequestAction;
  /**
   * The variant an email link of this flow redirects to when it was refused
   * (?code=invalidLink, which the proxy serves from the lien-invalide route).
   */
  invalidLink: boolean;
};

/**
 * A "send me an email" page (confirmation, unlock, forgotten password): the
 * same for everyone, so both variants are rendered per language at build time.
 */
export function requestPage({ namespace, action, invalidLink }: RequestPageOptions) {
  async function generateMetadata({ params }: LocaleProps): Promise<Metadata> {
    await pageLocale(params);
    return { title: (await getTranslations(namespace))("title") };
  }

  async function Page({ params }: LocaleProps) {
    await pageLocale(params);
    const [t, tSignIn] = await Promise.all([getTranslations(namespace), getTranslations("signIn")]);
    return (
      <FormColumn>
        <PageHeader title={t("title")} intro={t("intro")} />
        {invalidLink ? (
          <div className="mb-4">
            <FormError code="invalidLink" />
            {/* The link came by email: whoever cannot read that mailbox any more has another way back. */}
            <p className="mt-2 text-sm">
              <AppLink href="/acces-perdu">{tSignIn("lostMailbox")}</AppLink>
            </p>
          </div>
        ) : null}
        <EmailRequestForm action={action} submitLabel={t("submit")} />
        <p className="mt-6 text-sm">
          <AppLink href="/connexion">{tSignIn("submit")}</AppLink>
        </p>
      </FormColumn>
    );
  }

  return { generateMetadata, Page };
}
