import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type UnlockAccountProps = {
  locale: Locale;
  pseudo: string;
  url: string;
  helpUrl: string;
  attempts: number;
  minutes: number;
};

export const subject = (props: UnlockAccountProps) => emailTranslator(props.locale)("unlockSubject");

export default function UnlockAccount({ locale, pseudo, url, helpUrl, attempts, minutes }: UnlockAccountProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout locale={locale} preview={t("unlockPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t("unlockBody", { attempts, minutes })}</Text>
      <CallToAction locale={locale} url={url} label={t("unlockButton")} />
      <Text style={paragraph}>{t("unlockNotYou")}</Text>
    </EmailLayout>
  );
}

UnlockAccount.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  url: "http://localhost:3000/deverrouillage/exemple",
  helpUrl: "http://localhost:3000/aide#compte-verrouille",
  attempts: 5,
  minutes: 60,
} satisfies UnlockAccountProps;
