import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type RecoveryAddressNoticeProps = {
  locale: Locale;
  pseudo: string;
  change: "added" | "removed";
  recoveryEmail: string;
  /** The forgotten-password page: a new password ends whoever saved it (and "Ce n'était pas moi" removes a recent one). */
  url: string;
  helpUrl: string;
};

export const subject = (props: RecoveryAddressNoticeProps) =>
  emailTranslator(props.locale)(props.change === "added" ? "recoveryAddressAddedSubject" : "recoveryAddressRemovedSubject");

/**
 * A recovery address was saved or removed. It can reset the password, so the
 * owner hears of both, on the account's address (and on the confirmed
 * recovery address it replaces, as for every security notice).
 */
export default function RecoveryAddressNotice({ locale, pseudo, change, recoveryEmail, url, helpUrl }: RecoveryAddressNoticeProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout
      locale={locale}
      preview={t(change === "added" ? "recoveryAddressAddedSubject" : "recoveryAddressRemovedSubject")}
      helpUrl={helpUrl}
    >
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t(change === "added" ? "recoveryAddressAddedBody" : "recoveryAddressRemovedBody", { recoveryEmail })}</Text>
      <Text style={paragraph}>{t("recoveryAddressNotYou")}</Text>
      <CallToAction locale={locale} url={url} label={t("emailChangeNoticeButton")} />
    </EmailLayout>
  );
}

RecoveryAddressNotice.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  change: "added",
  recoveryEmail: "camille.secours@example.fr",
  url: "http://localhost:3000/mot-de-passe-oublie",
  helpUrl: "http://localhost:3000/aide",
} satisfies RecoveryAddressNoticeProps;
