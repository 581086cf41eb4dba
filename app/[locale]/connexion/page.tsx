import type { Metadata } from "next";
import { pageLocale, type LocaleProps } from "@/lib/next/page-locale";
import { SignInPage, signInMetadata } from "./sign-in-page";

// /connexion as most visitors open it: no query, the same for everyone, rendered at build time.
export async function generateMetadata({ params }: LocaleProps): Promise<Metadata> {
  await pageLocale(params);
  return signInMetadata();
}

export default async function Page({ params }: LocaleProps) {
  await pageLocale(params);
  return <SignInPage query={{}} />;
}
