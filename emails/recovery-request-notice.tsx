import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailFormatter, emailTranslator } from "./translate";

export type RecoveryRequestNoticeProps = {
  locale: Locale;
  pseudo: string;
  /** What the request is for (absent in rows queued before the lost-authenticator kind: a move to a new address). */
  kind?: "email" | "two_factor";
  /** When the request was made, and from where. */
  at: string;
  device: string | null;
  ip: string | null;
  /** When it takes effect unless cancelled. */
  due: string;
  /** "Annuler cette demande": its scanner-proof button page. */
  url: string;
  helpUrl: string;
};

export const subject = (props: RecoveryRequestNoticeProps) => emailTranslator(props.locale)("recoveryNoticeSubject");

/** To every address on file once its link confirmed the request (a move, or a lost authenticator): the owner can stop it with one click. */
export default function RecoveryRequestNotice({ locale, pseudo, kind, at, device, ip, due, url, helpUrl }: RecoveryRequestNoticeProps) {
  const t = emailTranslator(locale);
  const format = emailFormatter(locale);
  const when = (value: string) => format.dateTime(new Date(value), { dateStyle: "full", timeStyle: "short" });
  return (
    <EmailLayout locale={locale} preview={t("recoveryNoticeSubject")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>
        {t(kind === "two_factor" ? "twoStepRecoveryNoticeBody" : "recoveryNoticeBody", {
          at: when(at),
          device: device ?? t("recoveryNoticeUnknownDevice"),
          ip: ip ?? "?",
        })}
      </Text>
      <Text style={paragraph}>{t("recoveryNoticeDue", { due: when(due) })}</Text>
      <Text style={paragraph}>{t("recoveryNoticeNotYou")}</Text>
      <CallToAction locale={locale} url={url} label={t("recoveryNoticeButton")} />
    </EmailLayout>
  );
}

RecoveryRequestNotice.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  at: "2026-12-07T10:00:00.000Z",
  device: "Firefox · Windows",
  ip: "203.0.113.7",
  due: "2026-12-14T10:00:00.000Z",
  url: "http://localhost:3000/annulation-recuperation/exemple",
  helpUrl: "http://localhost:3000/aide",
} satisfies RecoveryRequestNoticeProps;
