import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { EmailLayout, paragraph } from "./components/email-layout";
import { emailTranslator } from "./translate";

export type NoAccountRequest = "reset" | "unlock" | "confirm";
export type NoAccountProps = { locale: Locale; request: NoAccountRequest; helpUrl: string };

export const subject = (props: NoAccountProps) => emailTranslator(props.locale)("noAccountSubject");

/**
 * The answer to a request for an address no account uses: short, and without
 * a link that does anything, so that every accepted request has exactly one
 * email whose delivery the requester can follow (docs/email-delivery.md).
 */
export default function NoAccount({ locale, request, helpUrl }: NoAccountProps) {
  const t = emailTranslator(locale);
  return (
    <EmailLayout locale={locale} preview={t("noAccountPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("noAccountRequest", { request })}</Text>
      <Text style={paragraph}>{t("noAccountBody")}</Text>
      <Text style={paragraph}>{t("ignore")}</Text>
    </EmailLayout>
  );
}

NoAccount.PreviewProps = { locale: "fr", request: "reset", helpUrl: "http://localhost:3000/aide" } satisfies NoAccountProps;
