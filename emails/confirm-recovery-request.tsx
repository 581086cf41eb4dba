import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type ConfirmRecoveryRequestProps = {
  locale: Locale;
  pseudo: string;
  url: string;
  helpUrl: string;
  hours: number;
  /** What the request is for (absent in rows queued before the lost-authenticator kind: a move to a new address). */
  kind?: "email" | "two_factor";
  /** RECOVERY_DELAY_DAYS, which only the lost-authenticator text says (rows queued before that kind lack it). */
  days: number;
};

export const subject = (props: ConfirmRecoveryRequestProps) => emailTranslator(props.locale)("recoveryRequestSubject");

/**
 * Sent by /acces-perdu: to the new address a move names, or, for "J'ai perdu
 * mon application d'authentification", to the account's own. The request
 * waits for this link before anything else happens.
 */
export default function ConfirmRecoveryRequest({ locale, pseudo, url, helpUrl, hours, kind, days }: ConfirmRecoveryRequestProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout locale={locale} preview={t("recoveryRequestPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>
        {kind === "two_factor" ? t("twoStepRecoveryRequestBody", { hours, days }) : t("recoveryRequestBody", { hours })}
      </Text>
      <CallToAction locale={locale} url={url} label={t("recoveryRequestButton")} />
      <Text style={paragraph}>{t("ignore")}</Text>
    </EmailLayout>
  );
}

ConfirmRecoveryRequest.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  url: "http://localhost:3000/demande-de-recuperation/exemple",
  helpUrl: "http://localhost:3000/aide",
  hours: 72,
  days: 7,
} satisfies ConfirmRecoveryRequestProps;
