import type { Metadata } from "next";
import { AppLink } from "@/components/app-link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import * as z from "zod/mini";
import { Alert } from "@/components/alert";
import { PageHeader } from "@/components/page-header";
import { eventLabel } from "@/lib/auth/security-events";
import { requireAgent } from "@/lib/next/support-access";
import { accountView, type AccountView } from "@/lib/support/console";
import { recoveryReviews } from "@/lib/support/recoveries";
import { RecoveryRequests } from "../../recovery-requests";
import { supportActions, type SupportAction } from "@/lib/validation/support";
import { supportAction } from "../../actions";
import { readOutcome } from "../../outcomes";
import { inputClass, secondaryButton, Section, SupportNav, Table } from "../../parts";
import { connectedApplications } from "@/lib/auth/oidc/applications";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("support"))("title") };
}

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const reasonMessages = {
  required: "form.required",
  tooLong: "form.tooLong",
  invalidCharacters: "form.invalidCharacters",
  singleLine: "form.singleLine",
} as const;

/** The account view (docs/support.md): everything an agent needs to tell why someone cannot get in; no token, body or link. */
export default async function SupportAccountPage({ params, searchParams }: Props) {
  await requireAgent();
  const [{ id }, query] = await Promise.all([params, searchParams]);
  if (!z.uuid().safeParse(id).success) notFound();
  const view = await accountView(id);
  if (!view) notFound();
  const [t, tr, format, recoveries, applications] = await Promise.all([
    getTranslations("support"),
    getTranslations(),
    getFormatter(),
    recoveryReviews(id),
    connectedApplications(view.user.id),
  ]);
  const when = (date: Date | null) => (date ? format.dateTime(date, { dateStyle: "short", timeStyle: "short" }) : "—");
  const outcome = readOutcome(query);
  const reasonError = outcome && "reasonError" in outcome ? tr(reasonMessages[outcome.reasonError]) : undefined;
  const resultError = outcome && "error" in outcome ? t(`error_${outcome.error === "notFound" ? "noAccount" : outcome.error}`) : undefined;
  const { user } = view;
  return (
    <div>
      <SupportNav />
      <PageHeader title={t("accountTitle", { pseudo: user.pseudo })} />
      {outcome && "done" in outcome ? (
        <div className="mb-4">
          <Alert tone="notice">{t("done")}</Alert>
        </div>
      ) : null}

      <Section id="state" title={t("stateTitle")}>
        {user.deletionDueAt ? (
          <div className="mb-4">
            <Alert tone="warning">{t("deletionScheduled", { date: when(user.deletionDueAt) })}</Alert>
          </div>
        ) : null}
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-control border border-line bg-surface p-4">
          <dt className="font-medium">{t("stateEmail")}</dt>
          <dd>{user.email}</dd>
          <dt className="font-medium">{t("stateConfirmation")}</dt>
          <dd>{user.confirmed ? t("confirmedYes") : t("confirmedNo")}</dd>
          <dt className="font-medium">{t("stateCreated")}</dt>
          <dd>{when(user.createdAt)}</dd>
          <dt className="font-medium">{t("stateDelivery")}</dt>
          <dd>{view.suppressed ? t("suppressedYes") : t("suppressedNo")}</dd>
          <dt className="font-medium">{t("stateTwoStep")}</dt>
          <dd>{view.twoStep.enabled ? t("twoStepOn", { count: view.twoStep.recoveryCodesLeft }) : t("twoStepOff")}</dd>
        </dl>
        <h3 className="mt-4 mb-2 font-bold">{t("lockTitle")}</h3>
        <LockTable view={view} t={t} when={when} />
        <h3 className="mt-4 mb-2 font-bold">{t("tokensTitle")}</h3>
        <Table
          headers={[t("colPurpose"), t("colExpires")]}
          empty={t("tokensEmpty")}
          rows={view.tokens.map((token) => [t(`tokenPurpose_${token.purpose}`), when(token.expiresAt)])}
        />
      </Section>

      <Section id="emails" title={t("emailsTitle")}>
        <Table
          headers={[t("colWhen"), t("colSubject"), t("colDelivery"), t("colBounce")]}
          empty={t("emailsEmpty")}
          rows={view.emails.map((email) => [
            when(email.sentAt ?? email.createdAt),
            email.subject,
            t(`delivery_${email.delivery}`),
            email.bounceReason ?? "—",
          ])}
        />
      </Section>

      <Section id="devices" title={t("devicesTitle")}>
        <Table
          headers={[t("colDevice"), t("colIp"), t("colFirst"), t("colLast")]}
          empty={t("devicesEmpty")}
          rows={view.devices.map((device) => [
            device.device ?? t("unknownDevice"),
            device.ip ?? "—",
            when(device.createdAt),
            when(device.lastUsedAt),
          ])}
        />
      </Section>

      <Section id="applications" title={t("applicationsTitle")}>
        <Table
          headers={[t("colApplication"), t("colGranted")]}
          empty={t("applicationsEmpty")}
          rows={applications.map((application) => [application.name, when(application.grantedAt)])}
        />
      </Section>

      <Section id="sessions" title={t("sessionsTitle")}>
        <Table
          headers={[t("colDevice"), t("colIp"), t("colFirst"), t("colLast")]}
          empty={t("sessionsEmpty")}
          rows={view.sessions.map((session) => [
            session.device ?? t("unknownDevice"),
            session.ip ?? "—",
            when(session.createdAt),
            when(session.lastSeenAt),
          ])}
        />
      </Section>

      <Section id="activity" title={t("activityTitle")}>
        <Table
          headers={[t("colWhen"), t("colEvent"), t("colIp"), t("colReason")]}
          empty={t("activityEmpty")}
          rows={view.events.map((event) => [
            when(event.createdAt),
            tr(`account.${eventLabel(event.type)}`),
            event.ip ?? "—",
            event.reason ?? "—",
          ])}
        />
      </Section>

      <Section id="requests" title={t("requestsTitle")}>
        <Table
          headers={[t("colWhen"), t("colSubject"), t("colStatus")]}
          empty={t("requestsEmpty")}
          rows={view.requests.map((request) => [when(request.createdAt), request.subject, t(`status_${request.status}`)])}
        />
        <p className="mt-2 text-sm">
          <AppLink href="/support/demandes">{t("navRequests")}</AppLink>
        </p>
      </Section>

      <Section id="recoveries" title={t("recoveriesTitle")}>
        <RecoveryRequests requests={recoveries} />
      </Section>

      <Section id="actions" title={t("actionsTitle")}>
        <p className="mb-3 text-sm text-ink-muted">{t("actionsIntro")}</p>
        <div className="flex flex-col gap-4">
          {supportActions.map((action) => (
            <ActionForm
              key={action}
              userId={user.id}
              action={action}
              errors={outcome?.action === action ? { reason: reasonError, result: resultError } : {}}
              t={t}
            />
          ))}
        </div>
      </Section>
    </div>
  );
}

type T = Awaited<ReturnType<typeof getTranslations<"support">>>;

function LockTable({ view, t, when }: { view: AccountView; t: T; when: (date: Date | null) => string }) {
  if (view.lockPaths.length === 0) return <p>{t("lockNone")}</p>;
  const deviceNames = new Map(view.devices.map((device) => [`device:${device.id}`, device.device ?? t("unknownDevice")]));
  return (
    <Table
      headers={[t("colPath"), t("colFailures"), t("colLockState")]}
      empty={t("lockNone")}
      rows={view.lockPaths.map((path) => [
        path.kind === "account"
          ? t("lockPathAccount")
          : path.kind === "twoStep"
            ? t("lockPathTwoStep")
            : `${t("lockPathDevice")} (${deviceNames.get(path.path) ?? t("unknownDevice")})`,
        t("lockFailures", { count: path.failedAttempts }),
        path.lockedUntil ? <strong>{t("lockLocked", { until: when(path.lockedUntil) })}</strong> : t("lockOpen"),
      ])}
    />
  );
}

/** One action: a fieldset named by the action, its "Motif" field, and its button. */
function ActionForm({
  userId,
  action,
  errors,
  t,
}: {
  userId: string;
  action: SupportAction;
  errors: { reason?: string; result?: string };
  t: T;
}) {
  const { reason: reasonError, result: resultError } = errors;
  const ids = { input: `reason-${action}`, error: `reason-${action}-error`, legend: `legend-${action}` };
  return (
    <form action={supportAction} className="rounded-control border border-line bg-surface p-4">
      <fieldset className="flex flex-col gap-2" aria-labelledby={ids.legend}>
        <legend id={ids.legend} className="font-bold">
          {t(`action_${action}`)}
        </legend>
        {resultError ? <Alert tone="error">{resultError}</Alert> : null}
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="action" value={action} />
        <label htmlFor={ids.input} className="font-medium">
          {t("reasonLabel")}
        </label>
        <input
          id={ids.input}
          name="reason"
          required
          maxLength={200}
          autoComplete="off"
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? ids.error : undefined}
          className={inputClass}
        />
        {reasonError ? (
          <p id={ids.error} className="text-sm font-medium text-danger">
            {reasonError}
          </p>
        ) : null}
        <div>
          <button type="submit" className={secondaryButton}>
            {t(`action_${action}`)}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
