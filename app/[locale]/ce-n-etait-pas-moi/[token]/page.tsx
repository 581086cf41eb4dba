import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NotMePage } from "@/components/not-me/not-me-page";
import { secureAccountAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notMe"))("title"), referrer: "no-referrer", robots: { index: false } };
}

// The new-device alert's "Ce n'était pas moi".
export default async function NewDeviceNotMePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <NotMePage flow="notMe" token={token} intro="intro" action={secureAccountAction} />;
}
