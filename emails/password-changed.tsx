import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type PasswordChangedProps = { locale: Locale; pseudo: string; url: string; helpUrl: string };

export const subject = (props: PasswordChangedProps) => emailTranslator(props.locale)("passwordChangedSubject");

/** `url` leads to the forgotten-password page, for a change the owner did not make. */
export default function PasswordChanged({ locale, pseudo, url, helpUrl }: PasswordChangedProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout locale={locale} preview={t("passwordChangedPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t("passwordChangedBody")}</Text>
      <Text style={paragraph}>{t("passwordChangedNotYou")}</Text>
      <CallToAction locale={locale} url={url} label={t("passwordChangedButton")} />
    </EmailLayout>
  );
}

PasswordChanged.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  url: "http://localhost:3000/mot-de-passe-oublie",
  helpUrl: "http://localhost:3000/aide",
} satisfies PasswordChangedProps;
