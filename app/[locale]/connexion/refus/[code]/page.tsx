import type { Metadata } from "next";
import { SIGN_IN_REFUSALS_BUILT_AHEAD } from "@/lib/i18n/page-route";
import { pageLocale, type LocaleProps } from "@/lib/next/page-locale";
import { SignInPage, signInMetadata } from "../../sign-in-page";

// /connexion?code=invalidCredentials and the other refusals that read the
// same for everyone (lib/i18n/page-route.ts): rendered once per language and
// refusal at build time, so a refused sign-in without JavaScript costs its
// answer's redirect and a page served as built.
export const dynamicParams = false;

export function generateStaticParams() {
  return SIGN_IN_REFUSALS_BUILT_AHEAD.map((code) => ({ code }));
}

type Props = { params: Promise<{ locale: string; code: string }> };

export async function generateMetadata({ params }: LocaleProps): Promise<Metadata> {
  await pageLocale(params);
  return signInMetadata();
}

export default async function Page({ params }: Props) {
  await pageLocale(params);
  return <SignInPage query={{ code: (await params).code }} />;
}
