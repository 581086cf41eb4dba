import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/alert";
import { FormError } from "@/components/form/form-error";
import { errorCodes } from "@/lib/validation/errors";
import { FormColumn, PageHeader } from "@/components/page-header";
import { lockoutSettings } from "@/lib/auth/lockout";
import { safeReturnPath } from "@/lib/validation/return-path";
import { noticeKeys, readPageQuery } from "@/lib/validation/notices";
import { PasskeySignInWhenIdle } from "./passkey-sign-in-when-idle";
import { SignInForm } from "./sign-in-form";

export async function signInMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signIn"))("title") };
}

type Query = Record<string, string | string[] | undefined>;

// Every refusal can land here (an emailed link, Auth.js's error page); every notice but the account page's own.
const shows = { notices: noticeKeys.filter((key) => key !== "passkeyDeleted"), codes: errorCodes };

/**
 * /connexion, rendered once per language at build time (page.tsx), and with
 * what a redirect asks it to say (parametres/page.tsx: notices, refusals,
 * the page to return to), which only the server can render for a browser
 * without JavaScript.
 */
export async function SignInPage({ query: params }: { query: Query }) {
  const t = await getTranslations();
  const { notice, code: refusal } = readPageQuery(params, shows);
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
      <PasskeySignInWhenIdle returnTo={safeReturnPath(params.callbackUrl ?? params.returnTo)} />
    </FormColumn>
  );
}
