import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailFormatter, emailTranslator } from "./translate";

export type DeletionCancelledProps = {
  locale: Locale;
  pseudo: string;
  at: string;
  /** The forgotten-password page, for a reopening the owner did not make (whoever did knew the password). */
  url: string;
  helpUrl: string;
};

export const subject = (props: DeletionCancelledProps) => emailTranslator(props.locale)("deletionCancelledSubject");

/** Sent when a closed account is reopened, by its emailed button or after a sign-in: the owner who asked for erasure must know. */
export default function DeletionCancelled({ locale, pseudo, at, url, helpUrl }: DeletionCancelledProps) {
  const t = emailTranslator(locale);
  const when = emailFormatter(locale).dateTime(new Date(at), { dateStyle: "full", timeStyle: "short" });
  return (
    <EmailLayout locale={locale} preview={t("deletionCancelledPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t("deletionCancelledBody", { at: when })}</Text>
      <Text style={paragraph}>{t("deletionCancelledNotYou")}</Text>
      <CallToAction locale={locale} url={url} label={t("deletionCancelledButton")} />
    </EmailLayout>
  );
}

DeletionCancelled.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  at: "2026-12-05T10:00:00.000Z",
  url: "http://localhost:3000/mot-de-passe-oublie",
  helpUrl: "http://localhost:3000/aide",
} satisfies DeletionCancelledProps;
