import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { invalidLinkPath } from "@/lib/flows";
import { refusalPath } from "@/lib/validation/notices";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/client-messages";
import { FormColumn, PageHeader } from "@/components/page-header";
import { openConfirmationLink, type ConfirmationLink } from "@/lib/auth/confirmation";
import { readSignUpBrowserCookie, signUpCookieName } from "@/lib/auth/sign-up-browser";
import { UNAVAILABLE_PATH } from "@/lib/next/email-links";
import { orWhenUnavailable } from "@/lib/request/unavailable";
import { ConfirmForm } from "./confirm-form";

// Checks the link on every request; never rendered at build time.
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("link"))("confirmTitle"), referrer: "no-referrer", robots: { index: false } };
}

/**
 * The confirmation link's page: it names the account, and opening it changes
 * nothing (mail scanners fetch links); the button does. Away from the browser
 * that signed up, the button takes the account's password, and whoever did
 * not create the account is sent to choose their own password instead.
 */
export default async function ConfirmationLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const [{ token }, t] = await Promise.all([params, getTranslations("link")]);
  const signUpBrowser = readSignUpBrowserCookie((await cookies()).get(signUpCookieName())?.value);
  const link = await orWhenUnavailable<ConfirmationLink | "unavailable">(
    () => openConfirmationLink(token, signUpBrowser),
    () => "unavailable",
  );
  if (link === "unavailable") redirect(UNAVAILABLE_PATH);
  if (link.state !== "live")
    redirect(link.state === "alreadyConfirmed" ? refusalPath("/connexion", "alreadyConfirmed") : invalidLinkPath("confirm"));
  return (
    <FormColumn>
      <PageHeader
        title={t("confirmAccountTitle", { pseudo: link.pseudo })}
        intro={t(link.sameBrowser ? "confirmIntro" : "confirmPasswordIntro")}
      />
      <ClientMessages extra={["link"]}>
        <ConfirmForm token={token} askPassword={!link.sameBrowser} />
      </ClientMessages>
    </FormColumn>
  );
}
