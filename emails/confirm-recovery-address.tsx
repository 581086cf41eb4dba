import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type ConfirmRecoveryAddressProps = { locale: Locale; pseudo: string; url: string; helpUrl: string; hours: number };

export const subject = (props: ConfirmRecoveryAddressProps) => emailTranslator(props.locale)("recoveryAddressSubject");

/** Sent to the recovery address saved on /compte: it gets notices and works on the request pages only once this link is pressed. */
export default function ConfirmRecoveryAddress({ locale, pseudo, url, helpUrl, hours }: ConfirmRecoveryAddressProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout locale={locale} preview={t("recoveryAddressPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t("recoveryAddressBody", { hours })}</Text>
      <CallToAction locale={locale} url={url} label={t("recoveryAddressButton")} />
      <Text style={paragraph}>{t("ignore")}</Text>
    </EmailLayout>
  );
}

ConfirmRecoveryAddress.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  url: "http://localhost:3000/adresse-de-secours/exemple",
  helpUrl: "http://localhost:3000/aide",
  hours: 72,
} satisfies ConfirmRecoveryAddressProps;
