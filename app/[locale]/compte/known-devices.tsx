import { cookies } from "next/headers";
import { getFormatter, getTranslations } from "next-intl/server";
import { DEVICE_COOKIE, listKnownDevices, readDeviceCookie } from "@/lib/auth/known-device";
import { describeUserAgent } from "@/lib/auth/user-agent";
import { AccountSection } from "./account-section";
import { forgetDeviceAction } from "./actions";

/** The browsers the user signed in from, with their last use, each one forgettable. */
export async function KnownDevices({ userId }: { userId: string }) {
  const cookieStore = await cookies();
  const [devices, t, format] = await Promise.all([
    listKnownDevices(userId, readDeviceCookie(cookieStore.get(DEVICE_COOKIE)?.value)),
    getTranslations("account"),
    getFormatter(),
  ]);
  return (
    <AccountSection id="devices" title={t("devicesTitle")} intro={t("devicesIntro")}>
      {devices.length === 0 ? (
        <p>{t("devicesEmpty")}</p>
      ) : (
        <ul className="flex flex-col gap-2">
          {devices.map((device) => {
            const name = describeUserAgent(device.userAgent) ?? t("unknownDevice");
            return (
              <li
                key={device.id}
                className="flex flex-wrap items-center justify-between gap-2 rounded-control border border-line bg-surface p-3"
              >
                <span>
                  <span className="font-medium">{name}</span>
                  {device.current ? <span className="text-ink-muted"> ({t("deviceThis")})</span> : null}
                  <br />
                  <span className="text-sm text-ink-muted">
                    {t("deviceLastUsed", { date: format.dateTime(device.lastUsedAt, { dateStyle: "medium", timeStyle: "short" }) })}{" "}
                    {device.ip ? t("deviceFrom", { ip: device.ip }) : null}
                  </span>
                </span>
                <form action={forgetDeviceAction}>
                  <input type="hidden" name="deviceId" value={device.id} />
                  <button
                    type="submit"
                    aria-label={t("deviceForgetLabel", { device: name })}
                    className="rounded-control border border-line px-3 py-1 text-sm hover:bg-canvas"
                  >
                    {t("deviceForget")}
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
      )}
    </AccountSection>
  );
}
