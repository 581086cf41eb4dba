import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type ConfirmAccountProps = { locale: Locale; pseudo: string; url: string; helpUrl: string; hours: number };

export const subject = (props: ConfirmAccountProps) => emailTranslator(props.locale)("confirmSubject");

export default function ConfirmAccount({ locale, pseudo, url, helpUrl, hours }: ConfirmAccountProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout locale={locale} preview={t("confirmPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t("confirmBody")}</Text>
      <CallToAction locale={locale} url={url} label={t("confirmButton")} />
      <Text style={paragraph}>{t("confirmExpiry", { hours })}</Text>
      <Text style={paragraph}>{t("ignore")}</Text>
    </EmailLayout>
  );
}

ConfirmAccount.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  url: "http://localhost:3000/confirmation/exemple",
  helpUrl: "http://localhost:3000/aide",
  hours: 72,
} satisfies ConfirmAccountProps;
