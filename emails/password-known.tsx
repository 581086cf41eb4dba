import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailFormatter, emailTranslator } from "./translate";

export type PasswordKnownProps = {
  locale: Locale;
  pseudo: string;
  at: string;
  ip: string;
  /** /mot-de-passe-oublie. */
  url: string;
  helpUrl: string;
};

export const subject = (props: PasswordKnownProps) => emailTranslator(props.locale)("passwordKnownSubject");

/** A right password, then a wrong code, from a browser the account does not know: what that proves, and what to do. */
export default function PasswordKnown({ locale, pseudo, at, ip, url, helpUrl }: PasswordKnownProps) {
  const t = emailTranslator(locale);
  const format = emailFormatter(locale);
  return (
    <EmailLayout locale={locale} preview={t("passwordKnownPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>
        {t("passwordKnownBody", { at: format.dateTime(new Date(at), { dateStyle: "full", timeStyle: "short" }), ip })}
      </Text>
      <Text style={paragraph}>{t("passwordKnownAdvice")}</Text>
      <CallToAction locale={locale} url={url} label={t("passwordKnownButton")} />
    </EmailLayout>
  );
}

PasswordKnown.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  at: "2026-12-07T14:05:00.000Z",
  ip: "203.0.113.7",
  url: "http://localhost:3000/mot-de-passe-oublie",
  helpUrl: "http://localhost:3000/aide#validation-en-deux-etapes",
} satisfies PasswordKnownProps;
