"use client";

import { useTranslations } from "@/lib/i18n/client";
import { useActionState, type ReactNode } from "react";
import { FormError } from "@/components/form/form-error";
import { SubmitButton } from "@/components/form/submit-button";
import type { NotMeResult } from "@/lib/validation/not-me";

type NotMeAction = (previous: NotMeResult | null, formData: FormData) => Promise<NotMeResult>;

/**
 * "Ce n'était pas moi": one button (it works without JavaScript, the action
 * is the form's), then the list of what it undid, in place of the form.
 */
export function NotMeForm({
  token,
  action,
  linkState,
  waysBack,
}: {
  token: string;
  action: NotMeAction;
  linkState: "live" | "refused" | "unavailable";
  /** Rendered by the server: the new-link page and /acces-perdu, under a refused link. */
  waysBack: ReactNode;
}) {
  const t = useTranslations("notMe");
  const tForm = useTranslations("form");
  const [state, formAction] = useActionState(action, null);
  if (state?.ok) {
    const { counts, passkeyDays, resetMinutes } = state.undone;
    return (
      <section aria-labelledby="not-me-done" role="status">
        <h2 id="not-me-done" className="mb-2 text-xl font-bold">
          {t("doneTitle")}
        </h2>
        <p>{t("doneIntro")}</p>
        <ul className="my-4 list-disc pl-6">
          <li>{t("undone.sessions", { count: counts.sessions })}</li>
          <li>{t("undone.knownBrowsers", { count: counts.knownBrowsers })}</li>
          <li>{t("undone.passkeys", { count: counts.passkeys, days: passkeyDays })}</li>
          <li>{t("undone.emailChanges", { count: counts.emailChanges })}</li>
          <li>{t("undone.recoveryAddress", { count: counts.recoveryAddress, days: passkeyDays })}</li>
          <li>{t("undone.recoveryRequests", { count: counts.recoveryRequests })}</li>
          <li>{t("undone.twoStep", { count: counts.twoStep, days: passkeyDays })}</li>
          <li>{t("passwordDisabled")}</li>
        </ul>
        <p className="font-semibold">{t("resetSent", { minutes: resetMinutes })}</p>
        <p className="mt-4 text-sm">{t("olderPasskeys")}</p>
      </section>
    );
  }
  if (linkState !== "live") {
    return (
      <>
        <FormError code={linkState === "unavailable" ? "unavailable" : "invalidLink"} />
        {linkState === "refused" ? waysBack : null}
      </>
    );
  }
  return (
    <form action={formAction} className="flex flex-col gap-4">
      {state && !state.ok ? <FormError code={state.formError} /> : null}
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel={tForm("pending")}>{t("submit")}</SubmitButton>
    </form>
  );
}
