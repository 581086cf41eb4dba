import { getFormatter, getTranslations } from "next-intl/server";
import type { RecoveryReview } from "@/lib/support/recoveries";
import { decideRecoveryAction } from "./actions";
import { inputClass, secondaryButton } from "./parts";

/** Each waiting recovery request with its evidence and the decision form ("Motif", then approve or refuse): the list and the account view. */
export async function RecoveryRequests({ requests }: { requests: RecoveryReview[] }) {
  const [t, format] = await Promise.all([getTranslations("support"), getFormatter()]);
  if (requests.length === 0) return <p>{t("recoveriesEmpty")}</p>;
  const yesNo = (value: boolean) => (value ? t("yes") : t("no"));
  const date = (value: Date) => format.dateTime(value, { dateStyle: "medium", timeStyle: "short" });
  return (
    <ol className="flex flex-col gap-4">
      {requests.map((request) => {
        const heading = t("recoveryHeading", { pseudo: request.pseudo });
        const ageDays = Math.floor((request.requestedAt.getTime() - request.accountCreatedAt.getTime()) / 86_400_000);
        return (
          <li key={request.id}>
            <article aria-labelledby={`recovery-${request.id}`} className="rounded-control border border-line bg-surface p-4">
              <h3 id={`recovery-${request.id}`} className="font-bold">
                {heading}
              </h3>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="font-medium">{t("recoveryKind")}</dt>
                <dd>{t(`recoveryKind_${request.kind}`)}</dd>
                <dt className="font-medium">{t("recoveryNewEmail")}</dt>
                <dd>{request.newEmail ?? "—"}</dd>
                <dt className="font-medium">{t("recoveryRequestedAt")}</dt>
                <dd>{date(request.requestedAt)}</dd>
                <dt className="font-medium">{t("recoveryDueAt")}</dt>
                <dd>{request.dueAt ? date(request.dueAt) : "—"}</dd>
                <dt className="font-medium">{t("evidencePassword")}</dt>
                <dd>{yesNo(request.passwordProven)}</dd>
                <dt className="font-medium">{t("evidenceBrowser")}</dt>
                <dd>{yesNo(request.knownBrowser)}</dd>
                <dt className="font-medium">{t("evidencePasskey")}</dt>
                <dd>{yesNo(request.passkey)}</dd>
                <dt className="font-medium">{t("evidenceIp")}</dt>
                <dd>{yesNo(request.ipSeen)}</dd>
                <dt className="font-medium">{t("accountAge")}</dt>
                <dd>{t("accountAgeDays", { days: ageDays })}</dd>
                <dt className="font-medium">{t("lastSignIn")}</dt>
                <dd>{request.lastSignInAt ? date(request.lastSignInAt) : t("never")}</dd>
                <dt className="font-medium">{t("colStatus")}</dt>
                <dd>
                  {request.approved ? t("recoveryApproved") : request.needsApproval ? t("recoveryNeedsApproval") : t("recoveryNoApproval")}
                </dd>
              </dl>
              <form action={decideRecoveryAction} className="mt-3 flex flex-col gap-2">
                <input type="hidden" name="requestId" value={request.id} />
                <label htmlFor={`reason-${request.id}`} className="font-medium">
                  {t("reasonLabel")}
                </label>
                <input id={`reason-${request.id}`} name="reason" required maxLength={200} className={inputClass} />
                <div className="flex flex-wrap gap-2">
                  {request.needsApproval && !request.approved ? (
                    <button type="submit" name="decision" value="approve" className={secondaryButton}>
                      {t("recoveryApprove")}
                    </button>
                  ) : null}
                  <button type="submit" name="decision" value="refuse" className={secondaryButton}>
                    {t("recoveryRefuse")}
                  </button>
                </div>
              </form>
            </article>
          </li>
        );
      })}
    </ol>
  );
}
