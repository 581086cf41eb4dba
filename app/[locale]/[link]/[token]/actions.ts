"use server";

import { redirect } from "next/navigation";
import { buttonLinkAt, pressEmailLink } from "@/lib/next/email-links";
import { requestClient } from "@/lib/next/request-context";

/**
 * The button of every emailed link's page (components/email-link-page.tsx):
 * the only request that uses a link up. It works without JavaScript (the form
 * posts itself) and always answers with a redirect to the outcome. The flow
 * comes bound from the page's path segment; a forged one names no flow, or
 * another flow whose purpose the token does not have.
 */
export async function pressEmailLinkAction(segment: string, formData: FormData): Promise<void> {
  const link = buttonLinkAt(segment);
  if (!link) redirect("/connexion?code=invalidLink");
  // Whatever the field holds, the token module refuses what is not a token before any query.
  redirect(await pressEmailLink(link.flow, formData.get("token"), await requestClient()));
}
