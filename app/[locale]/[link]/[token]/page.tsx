import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EmailLinkPage, emailLinkMetadata } from "@/components/email-link-page";
import { buttonLinkAt } from "@/lib/next/email-links";
import { pressEmailLinkAction } from "./actions";

// The page of every emailed link with a button, at the path its flow declares
// (lib/flows.ts): /confirmation/<token> is served from here, so a new flow
// needs no folder. A folder of its own (reinitialisation/[token]) wins over
// this one; a path that names no such flow is the 404.

// Checks the link on every request; never rendered at build time.
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ locale: string; link: string; token: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const link = buttonLinkAt((await params).link);
  return link ? emailLinkMetadata(link) : {};
}

export default async function EmailLinkRoute({ params }: Props) {
  const { link: segment, token } = await params;
  const link = buttonLinkAt(segment);
  if (!link) notFound();
  return <EmailLinkPage link={link} token={token} action={pressEmailLinkAction.bind(null, segment)} />;
}
