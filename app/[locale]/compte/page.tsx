import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/alert";
import { ClientMessages } from "@/components/client-messages";
import { FormError } from "@/components/form/form-error";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/next/current-user";
import { readPageQuery } from "@/lib/validation/notices";
import { AccountSection } from "./account-section";
import { cancelRecoveryAction, signOutAction, signOutEverywhereAction } from "./actions";
import { ChangeEmailForm } from "./address-forms";
import { ChangePasswordForm } from "./change-password-form";
import { DeleteAccountForm } from "./delete-account-form";
import { deletionDelayDays } from "@/lib/privacy/deletion";
import { listPasskeys } from "@/lib/auth/passkeys/management";
import { recoveryAddressOf } from "@/lib/auth/recovery-address";
import { pendingRecoveryOf } from "@/lib/auth/lost-mailbox";
import { getFormatter } from "next-intl/server";
import { KnownDevices } from "./known-devices";
import { ConnectedApplications } from "./connected-applications";
import { Passkeys } from "./passkeys";
import { RecoveryAddressSection } from "./recovery-address";
import { SecurityActivity } from "./security-activity";
import { TwoStep } from "./two-step";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

const secondaryButton = "rounded-control border border-line bg-surface px-4 py-2 font-medium hover:bg-canvas";

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [user, t, query] = await Promise.all([requireUser("/compte"), getTranslations("account"), searchParams]);
  // Read once: the list shows them, and the deletion form offers a passkey when there is one.
  const [passkeys, recoveryAddress, pendingRecovery, format] = await Promise.all([
    listPasskeys(user.id),
    recoveryAddressOf(user.id),
    pendingRecoveryOf(user.id),
    getFormatter(),
  ]);
  // An action that could not run says so here (a redirect cannot carry a form's state).
  const { notice, code: refusal } = readPageQuery(query, { notices: ["passkeyDeleted"], codes: ["rateLimited"] });
  return (
    <ClientMessages extra={["account"]}>
      <div className="mx-auto w-full max-w-form">
        <PageHeader title={t("title")} intro={t("welcome", { pseudo: user.pseudo })} />
        {user.passwordBreached ? (
          <div className="mb-4">
            <Alert tone="warning" action={<a href="#password">{t("passwordTitle")}</a>}>
              {t("passwordBreached")}
            </Alert>
          </div>
        ) : null}
        {pendingRecovery ? (
          <div className="mb-4">
            <Alert
              tone="warning"
              action={
                <form action={cancelRecoveryAction}>
                  <button type="submit" className={secondaryButton}>
                    {t("recoveryCancelSubmit")}
                  </button>
                </form>
              }
            >
              {t("recoveryPendingRequest", { date: format.dateTime(pendingRecovery.dueAt, { dateStyle: "long", timeStyle: "short" }) })}
            </Alert>
          </div>
        ) : null}
        {refusal ? (
          <div className="mb-4">
            <FormError code={refusal} />
          </div>
        ) : null}
        <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-control border border-line bg-surface p-4">
          <dt className="font-medium">{t("pseudo")}</dt>
          <dd>{user.pseudo}</dd>
          <dt className="font-medium">{t("email")}</dt>
          <dd>{user.email}</dd>
          <dt className="font-medium">{t("status")}</dt>
          <dd>{user.confirmed ? t("confirmed") : t("unconfirmed")}</dd>
        </dl>
        <form action={signOutAction}>
          <button type="submit" className={secondaryButton}>
            {t("signOut")}
          </button>
        </form>

        <AccountSection id="password" title={t("passwordTitle")} intro={t("passwordIntro")}>
          <ChangePasswordForm identity={{ pseudo: user.pseudo, email: user.email }} />
        </AccountSection>

        <AccountSection id="email" title={t("emailTitle")} intro={t("emailIntro")}>
          <ChangeEmailForm />
        </AccountSection>

        <RecoveryAddressSection address={recoveryAddress} />
        <TwoStep userId={user.id} email={user.email} />

        <Passkeys passkeys={passkeys} email={user.email} deleted={notice === "passkeyDeleted"} />

        <KnownDevices userId={user.id} />
        <ConnectedApplications userId={user.id} />
        <SecurityActivity userId={user.id} />

        <AccountSection id="everywhere" title={t("everywhereTitle")} intro={t("everywhereIntro")}>
          <form action={signOutEverywhereAction}>
            <button type="submit" className={secondaryButton}>
              {t("everywhereSubmit")}
            </button>
          </form>
        </AccountSection>

        <AccountSection id="data" title={t("dataTitle")} intro={t("dataIntro")}>
          {/* A plain link: the file comes from the server, with or without JavaScript. */}
          <a href="/api/compte/donnees" download className={`inline-block ${secondaryButton}`}>
            {t("dataExport")}
          </a>
        </AccountSection>

        <AccountSection id="delete" title={t("deleteTitle")} intro={t("deleteIntro", { days: deletionDelayDays() })}>
          <DeleteAccountForm hasPasskeys={passkeys.length > 0} />
        </AccountSection>
      </div>
    </ClientMessages>
  );
}
