import type { Metadata } from "next";
import { AppLink } from "@/components/app-link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Alert } from "@/components/alert";
import { PageHeader } from "@/components/page-header";
import { requireAgent } from "@/lib/next/support-access";
import { listContactRequests } from "@/lib/support/actions";
import { markHandledAction } from "../actions";
import { readRequestsOutcome } from "../outcomes";
import { secondaryButton, SupportNav } from "../parts";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("support"))("requestsTitle") };
}

/** The help page's contact requests, newest first, each linked to the account its address belongs to. */
export default async function SupportRequestsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAgent();
  const [t, format, query, requests] = await Promise.all([getTranslations("support"), getFormatter(), searchParams, listContactRequests()]);
  const outcome = readRequestsOutcome(query);
  return (
    <div>
      <SupportNav />
      <PageHeader title={t("requestsTitle")} intro={t("requestsIntro")} />
      {outcome === "done" ? (
        <div className="mb-4">
          <Alert tone="notice">{t("done")}</Alert>
        </div>
      ) : null}
      {outcome === "notFound" ? (
        <div className="mb-4">
          <Alert tone="error">{t("error_notFound")}</Alert>
        </div>
      ) : null}
      {requests.length === 0 ? (
        <p>{t("requestsEmpty")}</p>
      ) : (
        <ol className="flex flex-col gap-4">
          {requests.map((request) => (
            <li key={request.id}>
              <article aria-labelledby={`request-${request.id}`} className="rounded-control border border-line bg-surface p-4">
                <h2 id={`request-${request.id}`} className="font-bold">
                  {request.subject}
                </h2>
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                  <dt className="font-medium">{t("colWhen")}</dt>
                  <dd>{format.dateTime(request.createdAt, { dateStyle: "short", timeStyle: "short" })}</dd>
                  <dt className="font-medium">{t("colFrom")}</dt>
                  <dd>{request.email}</dd>
                  <dt className="font-medium">{t("colAccount")}</dt>
                  <dd>
                    {request.accountId ? (
                      <AppLink href={`/support/comptes/${request.accountId}`}>{t("openAccount", { email: request.email })}</AppLink>
                    ) : (
                      t("requestNoAccount")
                    )}
                  </dd>
                  <dt className="font-medium">{t("colStatus")}</dt>
                  <dd>{t(`status_${request.status}`)}</dd>
                </dl>
                <p className="mt-2 text-sm font-medium">{t("colMessage")}</p>
                <p className="whitespace-pre-wrap break-words">{request.message}</p>
                {request.status === "open" ? (
                  <form action={markHandledAction} className="mt-3">
                    <input type="hidden" name="requestId" value={request.id} />
                    <button type="submit" className={secondaryButton} aria-label={t("markHandledLabel", { subject: request.subject })}>
                      {t("markHandled")}
                    </button>
                  </form>
                ) : null}
              </article>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
