import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type ConfirmRecoveryRequestProps = { locale: Locale; pseudo: string; url: string; helpUrl: string; hours: number };

export const subject = (props: ConfirmRecoveryRequestProps) => emailTranslator(props.locale)("recoveryRequestSubject");

/** Sent to the new address named on /acces-perdu: the request waits for this link before anything else happens. */
export default function ConfirmRecoveryRequest({ locale, pseudo, url, helpUrl, hours }: ConfirmRecoveryRequestProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout locale={locale} preview={t("recoveryRequestPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t("recoveryRequestBody", { hours })}</Text>
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
} satisfies ConfirmRecoveryRequestProps;
