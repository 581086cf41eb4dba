import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailFormatter, emailTranslator } from "./translate";

export type PasskeyNoticeProps = {
  locale: Locale;
  pseudo: string;
  change: "added" | "removed";
  /** The passkey's name (chosen, or its authenticator's); null: "Clé d'accès". */
  name: string | null;
  at: string;
  /** /compte, where the list of passkeys is. */
  url: string;
  /** An added passkey's own "Ce n'était pas moi" (removes it and secures the account); absent for a removal. */
  notMeUrl?: string | null;
  helpUrl: string;
};

export const subject = (props: PasskeyNoticeProps) =>
  emailTranslator(props.locale)(props.change === "added" ? "passkeyAddedSubject" : "passkeyRemovedSubject");

/** A passkey was added to or removed from the account: the owner hears of both. */
export default function PasskeyNotice({ locale, pseudo, change, name, at, url, notMeUrl, helpUrl }: PasskeyNoticeProps) {
  const t = emailTranslator(locale);
  const format = emailFormatter(locale);
  const values = { name: name ?? t("passkeyUnnamed"), at: format.dateTime(new Date(at), { dateStyle: "full", timeStyle: "short" }) };
  return (
    <EmailLayout locale={locale} preview={t(change === "added" ? "passkeyAddedPreview" : "passkeyRemovedPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t(change === "added" ? "passkeyAddedBody" : "passkeyRemovedBody", values)}</Text>
      {notMeUrl ? (
        <>
          <Text style={paragraph}>{t("passkeyAddedNotYou")}</Text>
          <CallToAction locale={locale} url={notMeUrl} label={t("newDeviceButton")} />
        </>
      ) : (
        <>
          <Text style={paragraph}>{t("passkeyNotYou")}</Text>
          <CallToAction locale={locale} url={url} label={t("passkeyButton")} />
        </>
      )}
    </EmailLayout>
  );
}

PasskeyNotice.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  change: "removed",
  name: "iCloud Keychain",
  at: "2026-12-02T14:05:00.000Z",
  url: "http://localhost:3000/compte#passkeys",
  helpUrl: "http://localhost:3000/aide#cle-d-acces",
} satisfies PasskeyNoticeProps;
