import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type NotLockedProps = { locale: Locale; pseudo: string; helpUrl: string };

export const subject = (props: NotLockedProps) => emailTranslator(props.locale)("notLockedSubject");

/** The answer to an unlock request for an account that is not locked: nothing to unlock, no link. */
export default function NotLocked({ locale, pseudo, helpUrl }: NotLockedProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout locale={locale} preview={t("notLockedPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t("notLockedBody")}</Text>
      <Text style={paragraph}>{t("ignore")}</Text>
    </EmailLayout>
  );
}

NotLocked.PreviewProps = { locale: "fr", pseudo: "camille", helpUrl: "http://localhost:3000/aide" } satisfies NotLockedProps;
