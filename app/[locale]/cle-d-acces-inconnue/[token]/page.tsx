import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NotMePage } from "@/components/not-me/not-me-page";
import { secureAccountAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notMe"))("title"), referrer: "no-referrer", robots: { index: false } };
}

// The passkey-added email's "Ce n'était pas moi": that passkey goes, with everything the alert's button ends.
export default async function PasskeyNotMePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <NotMePage flow="passkeyNotMe" token={token} intro="passkeyIntro" action={secureAccountAction} />;
}
