import { getFormatter, getTranslations } from "next-intl/server";
import { eventLabel, recentSecurityEvents } from "@/lib/auth/security-events";
import { describeUserAgent } from "@/lib/auth/user-agent";
import { AccountSection } from "./account-section";

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
                <td className="py-2 pr-2">{t(eventLabel(event.type))}</td>
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
