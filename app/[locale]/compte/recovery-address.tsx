import { getTranslations } from "next-intl/server";
import type { RecoveryAddress } from "@/lib/auth/recovery-address";
import { AccountSection } from "./account-section";
import { removeRecoveryAddressAction } from "./actions";
import { RecoveryAddressForm } from "./address-forms";

/** "Adresse de secours": the saved address and its state, its removal, and the form that saves one. */
export async function RecoveryAddressSection({ address }: { address: RecoveryAddress | null }) {
  const t = await getTranslations("account");
  return (
    <AccountSection id="recovery" title={t("recoveryTitle")} intro={t("recoveryIntro")}>
      {address ? (
        <div className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-control border border-line bg-surface p-3">
          <dl>
            <dt className="sr-only">{t("recoveryCurrent")}</dt>
            <dd className="font-medium">{address.email}</dd>
            <dd className="text-sm text-ink-muted">{address.confirmed ? t("recoveryConfirmed") : t("recoveryPending")}</dd>
          </dl>
          <form action={removeRecoveryAddressAction}>
            <button
              type="submit"
              aria-label={t("recoveryRemoveLabel", { email: address.email })}
              className="rounded-control border border-line px-3 py-1 text-sm hover:bg-canvas"
            >
              {t("recoveryRemove")}
            </button>
          </form>
        </div>
      ) : null}
      <RecoveryAddressForm />
    </AccountSection>
  );
}
