import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type ConfirmEmailChangeProps = { locale: Locale; pseudo: string; url: string; helpUrl: string; hours: number };

export const subject = (props: ConfirmEmailChangeProps) => emailTranslator(props.locale)("emailChangeSubject");

/** Sent to the new address: the account uses it only once this link is opened. */
export default function ConfirmEmailChange({ locale, pseudo, url, helpUrl, hours }: ConfirmEmailChangeProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout locale={locale} preview={t("emailChangePreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t("emailChangeBody", { hours })}</Text>
      <CallToAction locale={locale} url={url} label={t("emailChangeButton")} />
      <Text style={paragraph}>{t("ignore")}</Text>
    </EmailLayout>
  );
}

ConfirmEmailChange.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  url: "http://localhost:3000/changement-email/exemple",
  helpUrl: "http://localhost:3000/aide",
  hours: 72,
} satisfies ConfirmEmailChangeProps;
