import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type SupportSignedOutProps = { locale: Locale; pseudo: string; helpUrl: string };

export const subject = (props: SupportSignedOutProps) => emailTranslator(props.locale)("supportSignedOutSubject");

/** An agent ended every session and forgot every known browser. No link: the user acts, if at all, from the pages they already know. */
export default function SupportSignedOut({ locale, pseudo, helpUrl }: SupportSignedOutProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout locale={locale} preview={t("supportSignedOutPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t("supportSignedOutBody")}</Text>
      <Text style={paragraph}>{t("supportSignedOutNotYou")}</Text>
    </EmailLayout>
  );
}

SupportSignedOut.PreviewProps = { locale: "fr", pseudo: "camille", helpUrl: "http://localhost:3000/aide" } satisfies SupportSignedOutProps;
