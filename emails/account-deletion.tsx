import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailFormatter, emailTranslator } from "./translate";

export type AccountDeletionProps = {
  locale: Locale;
  pseudo: string;
  /** When the account was closed, and when it will be erased (ISO strings). */
  at: string;
  due: string;
  /** How long the pseudonymised journal outlives the account (RETENTION_JOURNAL_DAYS). */
  journalDays: number;
  /** "Annuler la suppression": the scanner-proof page whose button keeps the account. */
  url: string;
  helpUrl: string;
};

export const subject = (props: AccountDeletionProps) => emailTranslator(props.locale)("deletionSubject");

/** Sent when the owner closes the account: what will go, when, and the one button that keeps it. */
export default function AccountDeletion({ locale, pseudo, at, due, journalDays, url, helpUrl }: AccountDeletionProps) {
  const t = emailTranslator(locale);
  const format = emailFormatter(locale);
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "full", timeStyle: "short" });
  return (
    <EmailLayout locale={locale} preview={t("deletionPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t("deletionBody", { at: when(at), due: when(due) })}</Text>
      <Text style={paragraph}>{t("deletionKept", { days: journalDays })}</Text>
      <Text style={paragraph}>{t("deletionNotYou")}</Text>
      <CallToAction locale={locale} url={url} label={t("deletionButton")} />
    </EmailLayout>
  );
}

AccountDeletion.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  at: "2026-12-04T10:00:00.000Z",
  due: "2026-12-11T10:00:00.000Z",
  journalDays: 365,
  url: "http://localhost:3000/annulation-suppression/exemple",
  helpUrl: "http://localhost:3000/aide",
} satisfies AccountDeletionProps;
