import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type RecoveryAppliedProps = { locale: Locale; pseudo: string; newEmail: string; helpUrl: string };

export const subject = (props: RecoveryAppliedProps) => emailTranslator(props.locale)("recoveryAppliedSubject");

/** To the old addresses when a recovery request took effect: the account now lives at the new address. */
export default function RecoveryApplied({ locale, pseudo, newEmail, helpUrl }: RecoveryAppliedProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout locale={locale} preview={t("recoveryAppliedSubject")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t("recoveryAppliedBody", { newEmail })}</Text>
      <Text style={paragraph}>{t("recoveryAppliedNotYou")}</Text>
    </EmailLayout>
  );
}

RecoveryApplied.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  newEmail: "camille.nouvelle@example.fr",
  helpUrl: "http://localhost:3000/aide",
} satisfies RecoveryAppliedProps;
