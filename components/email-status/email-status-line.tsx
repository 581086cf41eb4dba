"use client";

import { AppLink } from "@/components/app-link";
import { Alert } from "@/components/alert";
import { useLocale, useTranslations } from "@/lib/i18n/client";
import { useEffect, useState, type ReactNode } from "react";
import { useInBrowser } from "@/components/use-in-browser";
import { pollDelayMs, settled, type EmailStatusView } from "@/lib/validation/email-status";
import { CorrectAddressForm, useCorrectAddress, type CorrectAddressAction } from "./correct-address-form";

// Followed as long as the handle lives (one hour); past that, the line stays as it is.
const GIVE_UP_MS = 60 * 60_000;

/**
 * The state of the email a request caused (docs/email-delivery.md), kept current while the
 * page is open. Without JavaScript, "Actualiser" opens /suivi-email, which
 * shows the same line as the server sees it. With `correctAction`, a
 * bounced sign-up's address can be corrected right here.
 */
export function EmailStatusLine({ initial, correctAction }: { initial: EmailStatusView; correctAction?: CorrectAddressAction }) {
  return correctAction ? <CorrectableLine initial={initial} action={correctAction} /> : <Line initial={initial} />;
}

function CorrectableLine({ initial, action }: { initial: EmailStatusView; action: CorrectAddressAction }) {
  const correction = useCorrectAddress(action);
  const corrected = correction.state?.ok ? correction.state.email : undefined;
  // A correction starts the line over on the new email (its key), with the notice above it.
  return (
    <Line
      key={corrected ? `corrected:${corrected.address}` : "initial"}
      initial={corrected ?? initial}
      corrected={corrected !== undefined}
      form={<CorrectAddressForm correction={correction} />}
    />
  );
}

function Line({ initial, corrected = false, form }: { initial: EmailStatusView; corrected?: boolean; form?: ReactNode }) {
  const t = useTranslations("emailStatus");
  const locale = useLocale();
  const [view, setView] = useState(initial);
  // The time is written in the browser's own time zone once it runs; the server writes Paris time.
  const inBrowser = useInBrowser();

  // Asks again with growing waits (pollDelayMs) until the state is final; a new state starts the waits over.
  useEffect(() => {
    if (settled.has(view.state)) return;
    const started = Date.now();
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const ask = async () => {
      if (stopped || Date.now() - started > GIVE_UP_MS) return;
      const response = await fetch("/api/email-status", { cache: "no-store" }).catch(() => null);
      if (stopped) return;
      if (response?.ok) {
        const next = (await response.json()) as EmailStatusView;
        // The same state: the effect stays, and waits longer next time.
        setView((current) => (current.state === next.state && current.at === next.at ? current : next));
      }
      timer = setTimeout(ask, pollDelayMs(++attempt));
    };
    timer = setTimeout(ask, pollDelayMs(attempt));
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
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
          <AppLink href="/suivi-email" className="inline-block py-0.5">
            {t("refresh")}
          </AppLink>
        )}
      </p>
      {view.canCorrect ? form : null}
    </div>
  );
}
