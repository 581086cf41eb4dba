import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type ContactMessageProps = {
  locale: Locale;
  email: string;
  topic: string;
  message: string;
  url: string;
  helpUrl: string;
};

export const subject = (props: ContactMessageProps) => emailTranslator(props.locale)("contactSubject", { subject: props.topic });

/** Sent to support; `url` is the help page the user wrote from. */
export default function ContactMessage({ locale, email, topic, message, url, helpUrl }: ContactMessageProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout locale={locale} preview={t("contactPreview", { email })} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("contactBody", { email })}</Text>
      <Text style={{ ...paragraph, fontWeight: 600 }}>{topic}</Text>
      <Text style={{ ...paragraph, whiteSpace: "pre-wrap" }}>{message}</Text>
      <CallToAction locale={locale} url={url} label={t("contactButton")} />
    </EmailLayout>
  );
}

ContactMessage.PreviewProps = {
  locale: "fr",
  email: "camille@example.test",
  topic: "Je ne reçois pas l’email",
  message: "Bonjour,\nje n’ai pas reçu l’email de confirmation.",
  url: "http://localhost:3000/aide",
  helpUrl: "http://localhost:3000/aide",
} satisfies ContactMessageProps;
