import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailFormatter, emailTranslator } from "./translate";

export type TwoStepNoticeProps = {
  locale: Locale;
  pseudo: string;
  /** "disabledByRecovery": turned off by a lost-authenticator request that took effect (lib/auth/lost-mailbox.ts). */
  change: "enabled" | "disabled" | "disabledByRecovery" | "codesRegenerated";
  at: string;
  /** /mot-de-passe-oublie: for a change the owner did not make, whoever made it knew the password. */
  url: string;
  helpUrl: string;
};

const keys = {
  enabled: { subject: "twoStepEnabledSubject", body: "twoStepEnabledBody" },
  disabled: { subject: "twoStepDisabledSubject", body: "twoStepDisabledBody" },
  disabledByRecovery: { subject: "twoStepDisabledSubject", body: "twoStepRecoveryDisabledBody" },
  codesRegenerated: { subject: "twoStepCodesSubject", body: "twoStepCodesBody" },
} as const;

export const subject = (props: TwoStepNoticeProps) => emailTranslator(props.locale)(keys[props.change].subject);

/** Two-step verification turned on or off, or new recovery codes: the owner hears of each. */
export default function TwoStepNotice({ locale, pseudo, change, at, url, helpUrl }: TwoStepNoticeProps) {
  const t = emailTranslator(locale);
  const format = emailFormatter(locale);
  return (
    <EmailLayout locale={locale} preview={t("twoStepPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>
        {t(keys[change].body, { at: format.dateTime(new Date(at), { dateStyle: "full", timeStyle: "short" }) })}
      </Text>
      <Text style={paragraph}>{t("twoStepNotYou")}</Text>
      <CallToAction locale={locale} url={url} label={t("twoStepButton")} />
    </EmailLayout>
  );
}

TwoStepNotice.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  change: "enabled",
  at: "2026-12-07T14:05:00.000Z",
  url: "http://localhost:3000/mot-de-passe-oublie",
  helpUrl: "http://localhost:3000/aide#validation-en-deux-etapes",
} satisfies TwoStepNoticeProps;
