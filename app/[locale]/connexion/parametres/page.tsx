import type { Metadata } from "next";
import { pageLocale, type LocaleProps } from "@/lib/next/page-locale";
import { SignInPage, signInMetadata } from "../sign-in-page";

// /connexion?… : the proxy brings here the requests whose query the page must read.
type Props = LocaleProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: LocaleProps): Promise<Metadata> {
  await pageLocale(params);
  return signInMetadata();
}

export default async function Page({ params, searchParams }: Props) {
  await pageLocale(params);
  return <SignInPage query={await searchParams} />;
}
