import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/alert";
import { FormError } from "@/components/form/form-error";
import { isErrorCode } from "@/lib/validation/errors";
import { FormColumn, PageHeader } from "@/components/page-header";
import { lockoutSettings } from "@/lib/auth/lockout";
import { safeReturnPath } from "@/lib/validation/return-path";
import { parseNotice } from "@/lib/validation/notices";
import { PasskeySignIn } from "./passkey-sign-in";
import { SignInForm } from "./sign-in-form";

export async function signInMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signIn"))("title") };
}

type Query = Record<string, string | string[] | undefined>;

/**
 * /connexion, rendered once per language at build time (page.tsx), and with
 * what a redirect asks it to say (parametres/page.tsx: notices, refusals,
 * the page to return to), which only the server can render for a browser
 * without JavaScript.
 */
export async function SignInPage({ query: params }: { query: Query }) {
  const t = await getTranslations();
  const notice = parseNotice(params.notice);
  // Refusals that arrive by redirect: an email link already used, or Auth.js's own error page
  // parameters ("Configuration" is how Auth.js reports a failure of ours, such as the database being down).
  const refusal =
    params.error === "alreadyConfirmed"
      ? "alreadyConfirmed"
      : params.error === "Configuration"
        ? "unavailable"
        : isErrorCode(params.code)
          ? params.code
          : undefined;
  return (
    <FormColumn>
      <PageHeader title={t("signIn.title")} intro={t("signIn.intro")} />
      {notice ? (
        <div className="mb-4">
          <Alert tone="notice">{t(`notices.${notice}`)}</Alert>
        </div>
      ) : null}
      {refusal ? (
        <div className="mb-4">
          <FormError code={refusal} minutes={lockoutSettings().unlockAfterMinutes} />
        </div>
      ) : null}
      <SignInForm returnTo={safeReturnPath(params.callbackUrl ?? params.returnTo)} />
      <PasskeySignIn returnTo={safeReturnPath(params.callbackUrl ?? params.returnTo)} />
    </FormColumn>
  );
}
