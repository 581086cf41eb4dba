"use client";

import { AppLink } from "@/components/app-link";
import { Alert } from "@/components/alert";
import { LazyEmailStatusLine } from "@/components/email-status/lazy-email-status-line";
import { useTranslations } from "@/lib/i18n/client";
import type { EmailStatusView } from "@/lib/validation/email-status";
import { correctAddressAction } from "../suivi-email/actions";

/** What /inscription says once the account exists: check your inbox, with the confirmation email's status line. */
export function SignUpDone({ email }: { email?: EmailStatusView }) {
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
