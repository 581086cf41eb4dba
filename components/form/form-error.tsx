"use client";

import { AppLink } from "@/components/app-link";
import { useTranslations } from "@/lib/i18n/client";
import { emailLinkRoutes } from "@/lib/flows";
import type { ErrorCode } from "@/lib/validation/errors";
import { Alert } from "../alert";

// Where each refusal can be solved: the request page and the help section.
const remedies: Partial<Record<ErrorCode, { href: string; label: "noUnlock" | "noConfirmation" | "forgotPassword" }>> = {
  locked: { href: emailLinkRoutes.unlock.requestPage, label: "noUnlock" },
  unconfirmed: { href: emailLinkRoutes.confirm.requestPage, label: "noConfirmation" },
  lastAttempt: { href: emailLinkRoutes.reset.requestPage, label: "forgotPassword" },
};

const helpAnchors: Partial<Record<ErrorCode, string>> = {
  locked: "compte-verrouille",
  lastAttempt: "compte-verrouille",
  unconfirmed: "confirmation",
  emailTaken: "email-indisponible",
  invalidLink: "",
};

/** A form-level refusal, with what the user can do about it. */
export function FormError({ code, minutes }: { code: ErrorCode; minutes?: number }) {
  const t = useTranslations();
  const remedy = remedies[code];
  const anchor = helpAnchors[code];
  return (
    <Alert
      tone={code === "lastAttempt" ? "warning" : "error"}
      action={
        remedy || anchor !== undefined ? (
          <span className="flex flex-col gap-1">
            {code === "locked" && minutes ? <span>{t("errors.lockedHelp", { minutes })}</span> : null}
            {remedy ? <AppLink href={remedy.href}>{t(`signIn.${remedy.label}`)}</AppLink> : null}
            {anchor !== undefined ? <AppLink href={`/aide${anchor ? `#${anchor}` : ""}`}>{t("errors.seeHelp")}</AppLink> : null}
          </span>
        ) : undefined
      }
    >
      {t(`errors.${code}`)}
    </Alert>
  );
}
