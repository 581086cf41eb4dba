import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type EmailChangeNoticeProps = { locale: Locale; pseudo: string; newEmail: string; url: string; helpUrl: string };

export const subject = (props: EmailChangeNoticeProps) => emailTranslator(props.locale)("emailChangeNoticeSubject");

/** Sent to the current address; `url` leads to the forgotten-password page, for a change the owner did not ask for. */
export default function EmailChangeNotice({ locale, pseudo, newEmail, url, helpUrl }: EmailChangeNoticeProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout locale={locale} preview={t("emailChangeNoticePreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t("emailChangeNoticeBody", { newEmail })}</Text>
      <Text style={paragraph}>{t("emailChangeNoticeNotYou")}</Text>
      <CallToAction locale={locale} url={url} label={t("emailChangeNoticeButton")} />
    </EmailLayout>
  );
}

EmailChangeNotice.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  newEmail: "camille.nouvelle@example.fr",
  url: "http://localhost:3000/mot-de-passe-oublie",
  helpUrl: "http://localhost:3000/aide",
} satisfies EmailChangeNoticeProps;
