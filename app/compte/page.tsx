import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/current-user";
import { signOutAction, signOutEverywhereAction } from "./actions";
import { ChangeEmailForm } from "./change-email-form";
import { ChangePasswordForm } from "./change-password-form";
import { KnownDevices } from "./known-devices";
import { SecurityActivity } from "./security-activity";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

const secondaryButton = "rounded-control border border-line bg-surface px-4 py-2 font-medium hover:bg-canvas";

export default async function AccountPage() {
  const [user, t] = await Promise.all([requireUser("/compte"), getTranslations("account")]);
  return (
    <div className="mx-auto w-full max-w-form">
      <PageHeader title={t("title")} intro={t("welcome", { pseudo: user.pseudo })} />
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

      <section aria-labelledby="password-title" className="mt-8">
        <h2 id="password-title" className="text-lg font-bold">
          {t("passwordTitle")}
        </h2>
        <p className="mb-3 text-sm text-ink-muted">{t("passwordIntro")}</p>
        <ChangePasswordForm identity={{ pseudo: user.pseudo, email: user.email }} />
      </section>

      <section aria-labelledby="email-title" className="mt-8">
        <h2 id="email-title" className="text-lg font-bold">
          {t("emailTitle")}
        </h2>
        <p className="mb-3 text-sm text-ink-muted">{t("emailIntro")}</p>
        <ChangeEmailForm />
      </section>

      <KnownDevices userId={user.id} />
      <SecurityActivity userId={user.id} />

      <section aria-labelledby="everywhere-title" className="mt-8">
        <h2 id="everywhere-title" className="text-lg font-bold">
          {t("everywhereTitle")}
        </h2>
        <p className="mb-3 text-sm text-ink-muted">{t("everywhereIntro")}</p>
        <form action={signOutEverywhereAction}>
          <button type="submit" className={secondaryButton}>
            {t("everywhereSubmit")}
          </button>
        </form>
      </section>
    </div>
  );
}
