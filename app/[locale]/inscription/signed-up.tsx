"use client";

import { Alert } from "@/components/alert";
import { AppLink } from "@/components/app-link";
import { LazyEmailStatusLine } from "@/components/email-status/lazy-email-status-line";
import { useTranslations } from "@/lib/i18n/client";
import type { EmailStatusView } from "@/lib/validation/email-status";
import { correctAddressAction } from "../suivi-email/actions";

/** After a sign-up: the notice, the confirmation email's status line, and where to ask for it again. */
export function SignedUp({ email }: { email?: EmailStatusView }) {
  const t = useTranslations();
  return (
    <div className="flex flex-col gap-3">
      <Alert tone="notice">{t("notices.signedUp")}</Alert>
      {email ? <LazyEmailStatusLine initial={email} correctAction={correctAddressAction} /> : null}
      <p className="text-sm text-ink-muted">{t("signUp.checkInbox")}</p>
      <p className="text-sm">
        <AppLink href="/confirmation">{t("signIn.noConfirmation")}</AppLink>
      </p>
    </div>
  );
}
