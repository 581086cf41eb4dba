"use client";

import Link from "next/link";
import { Alert } from "@/components/alert";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState, useSyncExternalStore } from "react";
import { settled, type EmailStatusView } from "@/lib/validation/email-status";
import { CorrectAddressForm, type CorrectAddressAction } from "./correct-address-form";

const POLL_MS = 3000;
const noSubscription = () => () => {};
// Followed as long as the handle lives (one hour); past that, the line stays as it is.
const GIVE_UP_MS = 60 * 60_000;

/**
 * The state of the email a request caused (docs/email-delivery.md), kept current while the
 * page is open. Without JavaScript, "Actualiser" opens /suivi-email, which
 * shows the same line as the server sees it.
 */
export function EmailStatusLine({ initial, correctAction }: { initial: EmailStatusView; correctAction?: CorrectAddressAction }) {
  const t = useTranslations("emailStatus");
  const locale = useLocale();
  const [view, setView] = useState(initial);
  const [corrected, setCorrected] = useState(false);
  // The time is written in the browser's own time zone once it runs; the server writes Paris time.
  const inBrowser = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

  useEffect(() => {
    if (settled.has(view.state)) return;
    const started = Date.now();
    const timer = setInterval(async () => {
      if (Date.now() - started > GIVE_UP_MS) return clearInterval(timer);
      const response = await fetch("/api/email-status", { cache: "no-store" }).catch(() => null);
      if (response?.ok) setView((await response.json()) as EmailStatusView);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [view.state]);

  const time = view.at
    ? new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone: inBrowser ? undefined : "Europe/Paris" }).format(
        new Date(view.at),
      )
    : "";
  return (
    <div className="flex flex-col gap-3">
      {corrected ? <Alert tone="notice">{t("corrected")}</Alert> : null}
      <p aria-live="polite" className="text-sm" data-email-state={view.state}>
        {t(view.state, { address: view.address, time })}{" "}
        {settled.has(view.state) ? null : (
          <Link href="/suivi-email" className="inline-block py-0.5">
            {t("refresh")}
          </Link>
        )}
      </p>
      {view.canCorrect && correctAction ? (
        <CorrectAddressForm
          action={correctAction}
          onCorrected={(next) => {
            setView(next);
            setCorrected(true);
          }}
        />
      ) : null}
    </div>
  );
}
