import { getFormatter, getTranslations } from "next-intl/server";
import { recentSecurityEvents } from "@/lib/auth/security-events";
import { describeUserAgent } from "@/lib/auth/user-agent";
import type { Messages } from "@/lib/i18n/messages";
import { AccountSection } from "./account-section";

/** The label of each journal entry type (the support console shows the same ones). */
export const eventLabels: Record<string, Extract<keyof Messages["account"], `event_${string}`>> = {
  "signin.success": "event_signin_success",
  "signin.failure": "event_signin_failure",
  "signin.locked": "event_signin_locked",
  "account.locked": "event_account_locked",
  "device.locked": "event_device_locked",
  "account.unlocked": "event_account_unlocked",
  "account.confirmed": "event_account_confirmed",
  "password.reset": "event_password_reset",
  "password.changed": "event_password_changed",
  "signout.everywhere": "event_signout_everywhere",
  signup: "event_signup",
  "email.change_requested": "event_email_change_requested",
  "email.changed": "event_email_changed",
  "device.forgotten": "event_device_forgotten",
  "signin.passkey": "event_signin_passkey",
  "signin.passkey_failure": "event_signin_passkey_failure",
  "passkey.added": "event_passkey_added",
  "passkey.removed": "event_passkey_removed",
  "signout.not_me": "event_signout_not_me",
  // What an agent did, shown to the user as "Action du support : …".
  "support.confirmation_resent": "event_support_confirmation_resent",
  "support.unlocked": "event_support_unlocked",
  "support.reset_sent": "event_support_reset_sent",
  "support.signed_out": "event_support_signed_out",
  "support.suppression_lifted": "event_support_suppression_lifted",
  "support.request_handled": "event_support_request_handled",
  "support.search": "event_support_search",
};

/** The last 20 security events: when, what, from which approximate device and IP. */
export async function SecurityActivity({ userId }: { userId: string }) {
  const [events, t, format] = await Promise.all([recentSecurityEvents(userId), getTranslations("account"), getFormatter()]);
  return (
    <AccountSection id="activity" title={t("activityTitle")} intro={t("activityIntro")}>
      {events.length === 0 ? (
        <p>{t("activityEmpty")}</p>
      ) : (
        <table className="w-full border-collapse text-sm">
          <thead>
            <tr className="border-b border-line text-left">
              <th scope="col" className="py-2 pr-2">
                {t("activityWhen")}
              </th>
              <th scope="col" className="py-2 pr-2">
                {t("activityWhat")}
              </th>
              <th scope="col" className="py-2">
                {t("activityWhere")}
              </th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id} className="border-b border-line align-top">
                <td className="py-2 pr-2 whitespace-nowrap">
                  {format.dateTime(event.createdAt, { dateStyle: "short", timeStyle: "short" })}
                </td>
                <td className="py-2 pr-2">{t(eventLabels[event.type] ?? "event_other")}</td>
                <td className="py-2">
                  {describeUserAgent(event.userAgent) ?? t("unknownDevice")}
                  {event.ip ? ` · ${event.ip}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AccountSection>
  );
}
