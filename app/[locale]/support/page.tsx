import type { Metadata } from "next";
import { AppLink } from "@/components/app-link";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/alert";
import { PageHeader } from "@/components/page-header";
import { primaryButtonClass } from "@/components/form/submit-button";
import { arrivedFromAnotherSite, requireAgent } from "@/lib/next/support-access";
import { searchAccounts } from "@/lib/support/console";
import { requestClient } from "@/lib/next/request-context";
import { supportSearchSchema } from "@/lib/validation/support";
import { inputClass, SupportNav } from "./parts";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("support"))("title") };
}

type Query = Record<string, string | string[] | undefined>;

/**
 * The search is a GET form: a read, bookmarkable, working without
 * JavaScript. Each search is still counted and journaled (console.ts), so a
 * search another site sent the agent's browser to (a link, a redirect) is
 * not run: the form shows it, and the agent runs it by pressing the button.
 */
export default async function SupportSearchPage({ searchParams }: { searchParams: Promise<Query> }) {
  const agent = await requireAgent();
  const [t, tr, query] = await Promise.all([getTranslations("support"), getTranslations(), searchParams]);
  const raw = typeof query.q === "string" ? query.q : "";
  const parsed = raw ? supportSearchSchema.safeParse({ query: raw }) : null;
  const notRun = Boolean(parsed?.success) && (await arrivedFromAnotherSite());
  const search = parsed?.success && !notRun ? await searchAccounts(agent, parsed.data.query, await requestClient()) : null;
  const fieldError = parsed && !parsed.success ? parsed.error.issues[0]?.message : undefined;
  return (
    <div>
      <SupportNav />
      <PageHeader title={t("title")} intro={t("searchIntro")} />
      <form method="get" action="/support" role="search" className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex flex-1 flex-col gap-1">
          <label htmlFor="support-query" className="font-medium">
            {t("searchLabel")}
          </label>
          <input
            id="support-query"
            name="q"
            type="search"
            defaultValue={raw}
            maxLength={254}
            autoComplete="off"
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? "support-query-error" : undefined}
            className={inputClass}
          />
          {fieldError ? (
            <p id="support-query-error" className="text-sm font-medium text-danger">
              {tr(fieldError as Parameters<typeof tr>[0])}
            </p>
          ) : null}
        </div>
        <button type="submit" className={`${primaryButtonClass} sm:w-auto`}>
          {t("searchSubmit")}
        </button>
      </form>
      {notRun ? (
        <div className="mt-4">
          <Alert tone="warning">{t("searchNotRun")}</Alert>
        </div>
      ) : null}
      {search && !search.ok ? (
        <div className="mt-4">
          <Alert tone="error">{tr("errors.rateLimited")}</Alert>
        </div>
      ) : null}
      {search?.ok ? (
        <section aria-labelledby="results-title" className="mt-6">
          <h2 id="results-title" className="mb-2 text-lg font-bold">
            {t("searchResults", { count: search.results.length })}
          </h2>
          {search.results.length === 0 ? (
            <p>{t("searchEmpty")}</p>
          ) : (
            <ul className="flex flex-col gap-2">
              {search.results.map((result) => (
                <li key={result.id}>
                  <AppLink href={`/support/comptes/${result.id}`}>
                    {result.pseudo} · {result.email}
                  </AppLink>{" "}
                  <span className="text-sm text-ink-muted">({result.confirmed ? t("confirmedYes") : t("confirmedNo")})</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
