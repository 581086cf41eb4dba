import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/current-user";
import { signOutAction } from "./actions";
import { KnownDevices } from "./known-devices";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

export default async function AccountPage() {
  const [user, t] = await Promise.all([requireUser("/compte"), getTranslations("account")]);
  return (
    <div className="mx-auto w-full max-w-form">
      <PageHeader title={t("title")} intro={t("welcome", { pseudo: user.pseudo })} />
      <dl className="mb-6 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-control border border-line bg-surface p-4">
        <dt className="font-medium">{t("pseudo")}</dt>
        <dd>{user.pseudo}</dd>
        <dt className="font-medium">{t("email")}</dt>
        <dd>{user.email}</dd>
        <dt className="font-medium">{t("status")}</dt>
        <dd>{user.confirmed ? t("confirmed") : t("unconfirmed")}</dd>
      </dl>
      <KnownDevices userId={user.id} />
      <form action={signOutAction} className="mt-8">
        <button type="submit" className="rounded-control border border-line bg-surface px-4 py-2 font-medium hover:bg-canvas">
          {t("signOut")}
        </button>
      </form>
    </div>
  );
}
