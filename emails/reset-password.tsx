import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type ResetPasswordProps = { locale: Locale; pseudo: string; url: string; helpUrl: string; minutes: number };

export const subject = (props: ResetPasswordProps) => emailTranslator(props.locale)("resetSubject");

export default function ResetPassword({ locale, pseudo, url, helpUrl, minutes }: ResetPasswordProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout locale={locale} preview={t("resetPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t("resetBody", { minutes })}</Text>
      <CallToAction locale={locale} url={url} label={t("resetButton")} />
      <Text style={paragraph}>{t("ignore")}</Text>
    </EmailLayout>
  );
}

ResetPassword.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  url: "http://localhost:3000/reinitialisation/exemple",
  helpUrl: "http://localhost:3000/aide#mot-de-passe-oublie",
  minutes: 60,
} satisfies ResetPasswordProps;
