import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type SupportUnlockedProps = { locale: Locale; pseudo: string; helpUrl: string };

export const subject = (props: SupportUnlockedProps) => emailTranslator(props.locale)("supportUnlockedSubject");

/** An agent lifted the locks after the user asked for help. No link: the user acts, if at all, from the pages they already know. */
export default function SupportUnlocked({ locale, pseudo, helpUrl }: SupportUnlockedProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout locale={locale} preview={t("supportUnlockedPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t("supportUnlockedBody")}</Text>
      <Text style={paragraph}>{t("supportUnlockedNotYou")}</Text>
    </EmailLayout>
  );
}

SupportUnlocked.PreviewProps = { locale: "fr", pseudo: "camille", helpUrl: "http://localhost:3000/aide" } satisfies SupportUnlockedProps;
