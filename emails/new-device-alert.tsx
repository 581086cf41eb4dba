import { Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailFormatter, emailTranslator } from "./translate";

export type NewDeviceAlertProps = {
  locale: Locale;
  pseudo: string;
  /** When the sign-in happened (ISO). */
  at: string;
  /** The approximate device (lib/auth/user-agent.ts), null when unrecognised. */
  device: string | null;
  ip: string | null;
  /** "Ce n'était pas moi": signs out everywhere and leads to a new password. */
  url: string;
  helpUrl: string;
};

export const subject = (props: NewDeviceAlertProps) => emailTranslator(props.locale)("newDeviceSubject");

export default function NewDeviceAlert({ locale, pseudo, at, device, ip, url, helpUrl }: NewDeviceAlertProps) {
  const t = emailTranslator(locale);
  const format = emailFormatter(locale);
  return (
    <EmailLayout locale={locale} preview={t("newDevicePreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t("newDeviceBody")}</Text>
      <Text style={{ ...paragraph, margin: "0 0 2px" }}>
        {t("newDeviceWhen", { at: format.dateTime(new Date(at), { dateStyle: "full", timeStyle: "short" }) })}
      </Text>
      <Text style={{ ...paragraph, margin: "0 0 2px" }}>{t("newDeviceDevice", { device: device ?? t("unknownDevice") })}</Text>
      <Text style={paragraph}>{t("newDevicePlace", { ip: ip ?? t("unknownIp") })}</Text>
      <Text style={paragraph}>{t("newDeviceYou")}</Text>
      <Text style={paragraph}>{t("newDeviceNotYou")}</Text>
      <CallToAction locale={locale} url={url} label={t("newDeviceButton")} />
    </EmailLayout>
  );
}

NewDeviceAlert.PreviewProps = {
  locale: "fr",
  pseudo: "camille",
  at: "2026-12-02T14:05:00.000Z",
  device: "Firefox · Windows",
  ip: "203.0.113.7",
  url: "http://localhost:3000/ce-n-etait-pas-moi/exemple",
  helpUrl: "http://localhost:3000/aide#nouvelle-connexion",
} satisfies NewDeviceAlertProps;
