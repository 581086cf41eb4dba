import { getFormatter, getTranslations } from "next-intl/server";
import { Alert } from "@/components/alert";
import { twoStepView } from "@/lib/auth/two-step";
import { AccountSection } from "./account-section";
import { DisableTwoStepForm, EnableTwoStepForm, RegenerateCodesForm, StartTwoStepForm } from "./two-step-forms";

/** "Validation en deux étapes": off (the way to turn it on), setting up (QR code, key, first code), or on (codes left, new codes, off). */
export async function TwoStep({ userId, email }: { userId: string; email: string }) {
  const [view, t, format] = await Promise.all([twoStepView(userId, email), getTranslations("account"), getFormatter()]);
  return (
    <AccountSection id="two-step" title={t("twoStepTitle")} intro={t("twoStepIntro")}>
      {view.state === "off" ? <StartTwoStepForm email={email} /> : null}
      {view.state === "settingUp" ? (
        <div className="flex flex-col gap-4">
          <p>{t("twoStepScan")}</p>
          {/* The SVG is made on the server by the qrcode package from the otpauth:// URI: no markup from outside. */}
          <div role="img" aria-label={t("twoStepQrLabel")} className="w-48 bg-white" dangerouslySetInnerHTML={{ __html: view.qrSvg }} />
          <div>
            <p className="font-medium" id="two-step-key-label">
              {t("twoStepKey")}
            </p>
            <code aria-labelledby="two-step-key-label" className="font-mono text-lg break-all">
              {view.key}
            </code>
          </div>
          <EnableTwoStepForm email={email} />
        </div>
      ) : null}
      {view.state === "on" ? (
        <div className="flex flex-col gap-4">
          <p>{t("twoStepOn", { date: format.dateTime(view.enabledAt, { dateStyle: "long" }) })}</p>
          {view.recoveryCodesLow ? (
            <Alert tone="warning">
              {t("twoStepCodesLeft", { count: view.recoveryCodesLeft })} {t("twoStepCodesLow")}
            </Alert>
          ) : (
            <p>{t("twoStepCodesLeft", { count: view.recoveryCodesLeft })}</p>
          )}
          <RegenerateCodesForm email={email} />
          <h3 className="font-bold">{t("twoStepDisable")}</h3>
          <DisableTwoStepForm email={email} />
        </div>
      ) : null}
    </AccountSection>
  );
}
