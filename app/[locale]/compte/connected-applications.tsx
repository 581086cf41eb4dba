import { getFormatter, getTranslations } from "next-intl/server";
import { connectedApplications } from "@/lib/auth/oidc/applications";
import { AccountSection } from "./account-section";
import { revokeApplicationAction } from "./actions";

/** "Applications connectées" (README.md, "Sign in with Sésame"): each application signed in to with Sésame, its consent date, "Retirer l'accès". */
export async function ConnectedApplications({ userId }: { userId: string }) {
  const [applications, t, format] = await Promise.all([connectedApplications(userId), getTranslations("account"), getFormatter()]);
  return (
    <AccountSection id="applications" title={t("applicationsTitle")} intro={t("applicationsIntro")}>
      {applications.length === 0 ? (
        <p>{t("applicationsEmpty")}</p>
      ) : (
        <ul className="flex flex-col gap-2">
          {applications.map((application) => (
            <li
              key={application.clientId}
              className="flex flex-wrap items-center justify-between gap-2 rounded-control border border-line bg-surface p-3"
            >
              <span>
                <span className="font-medium">{application.name}</span>
                <br />
                <span className="text-sm text-ink-muted">
                  {t("applicationGranted", { date: format.dateTime(application.grantedAt, { dateStyle: "medium", timeStyle: "short" }) })}
                </span>
              </span>
              <form action={revokeApplicationAction}>
                <input type="hidden" name="clientId" value={application.clientId} />
                <button
                  type="submit"
                  aria-label={t("applicationRevokeLabel", { application: application.name })}
                  className="rounded-control border border-line px-3 py-1 text-sm hover:bg-canvas"
                >
                  {t("applicationRevoke")}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </AccountSection>
  );
}
