import { getFormatter, getTranslations } from "next-intl/server";
import { Alert } from "@/components/alert";
import type { PasskeyView } from "@/lib/auth/passkeys/management";
import { AccountSection } from "./account-section";
import { deletePasskeyAction } from "./actions";
import { AddPasskeyForm } from "./add-passkey-form";
import { RenamePasskeyForm } from "./rename-passkey-form";

/** "Clés d'accès": each passkey with its name, dates and backup state, renamable and deletable; then the way to add one. */
export async function Passkeys({ passkeys, email, deleted }: { passkeys: PasskeyView[]; email: string; deleted: boolean }) {
  const [t, format] = await Promise.all([getTranslations("account"), getFormatter()]);
  const date = (value: Date) => format.dateTime(value, { dateStyle: "medium", timeStyle: "short" });
  return (
    <AccountSection id="passkeys" title={t("passkeysTitle")} intro={t("passkeysIntro")}>
      {deleted ? (
        <div className="mb-3">
          <Alert tone="notice">{t("passkeyDeleted")}</Alert>
        </div>
      ) : null}
      {passkeys.length === 0 ? (
        <p className="mb-3">{t("passkeysEmpty")}</p>
      ) : (
        <ul className="mb-4 flex flex-col gap-2">
          {passkeys.map((passkey) => {
            const name = passkey.name ?? t("passkeyDefaultName", { date: format.dateTime(passkey.createdAt, { dateStyle: "long" }) });
            return (
              <li key={passkey.id} className="flex flex-col gap-2 rounded-control border border-line bg-surface p-3">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <span>
                    <span className="font-medium">{name}</span>
                    <br />
                    <span className="text-sm text-ink-muted">
                      {t("passkeyCreated", { date: date(passkey.createdAt) })} ·{" "}
                      {passkey.lastUsedAt ? t("passkeyLastUsed", { date: date(passkey.lastUsedAt) }) : t("passkeyNeverUsed")}
                      <br />
                      {passkey.backedUp ? t("passkeyBackedUp") : t("passkeyNotBackedUp")}
                    </span>
                  </span>
                  <form action={deletePasskeyAction}>
                    <input type="hidden" name="passkeyId" value={passkey.id} />
                    <button
                      type="submit"
                      aria-label={t("passkeyDeleteLabel", { name })}
                      className="rounded-control border border-line px-3 py-1 text-sm hover:bg-canvas"
                    >
                      {t("passkeyDelete")}
                    </button>
                  </form>
                </div>
                <RenamePasskeyForm passkeyId={passkey.id} name={name} />
              </li>
            );
          })}
        </ul>
      )}
      <AddPasskeyForm username={email} />
    </AccountSection>
  );
}
