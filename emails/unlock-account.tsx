import { Section, Text } from "@react-email/components";
import type { Locale } from "@/lib/i18n/config";
import { CallToAction, EmailLayout, paragraph } from "./components/email-layout";
import { emailFormatter, emailTranslator } from "./translate";

export type UnlockAccountProps = {
  locale: Locale;
  pseudo: string;
  url: string;
  helpUrl: string;
  attempts: number;
  minutes: number;
  /** The latest failed attempts: when, from which approximate device and IP address. */
  failures?: { at: string; ip: string | null; device: string | null }[];
  /** The shared path was locked and the owner has known devices, which still sign in. */
  knownDevicesStillWork?: boolean;
  /** Only one known browser was locked. */
  thisDeviceOnly?: boolean;
  /** The second step was locked: the password was right, and this page (/mot-de-passe-oublie) changes it. */
  passwordKnownUrl?: string | null;
};

export const subject = (props: UnlockAccountProps) => emailTranslator(props.locale)("unlockSubject");

export default function UnlockAccount(props: UnlockAccountProps) {
  const { locale, pseudo, url, helpUrl, attempts, minutes, failures = [] } = props;
  const t = emailTranslator(locale);
  const format = emailFormatter(locale);
  return (
    <EmailLayout locale={locale} preview={t("unlockPreview")} helpUrl={helpUrl}>
      <Text style={paragraph}>{t("greeting", { pseudo })}</Text>
      <Text style={paragraph}>{t(props.passwordKnownUrl ? "unlockTwoStepBody" : "unlockBody", { attempts, minutes })}</Text>
      {props.passwordKnownUrl ? (
        <>
          <Text style={paragraph}>{t("unlockTwoStepPasswordKnown")}</Text>
          <CallToAction locale={locale} url={props.passwordKnownUrl} label={t("passwordKnownButton")} />
        </>
      ) : null}
      {props.knownDevicesStillWork ? <Text style={paragraph}>{t("unlockKnownDevices")}</Text> : null}
      {props.thisDeviceOnly ? <Text style={paragraph}>{t("unlockThisDevice")}</Text> : null}
      {failures.length > 0 ? (
        <Section style={{ margin: "0 0 12px" }}>
          <Text style={{ ...paragraph, margin: "0 0 4px", fontWeight: 600 }}>{t("unlockFailuresTitle")}</Text>
          {failures.map((failure) => (
            <Text key={failure.at + (failure.ip ?? "")} style={{ ...paragraph, margin: "0 0 2px", fontSize: "14px" }}>
              {t("unlockFailure", {
                at: format.dateTime(new Date(failure.at), { dateStyle: "short", timeStyle: "short" }),
                device: failure.device ?? t("unknownDevice"),
                ip: failure.ip ?? t("unknownIp"),
              })}
            </Text>
          ))}
        </Section>
      ) : null}
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
  failures: [{ at: "2026-11-30T18:20:00.000Z", ip: "203.0.113.7", device: "Firefox · Windows" }],
  knownDevicesStillWork: true,
} satisfies UnlockAccountProps;
