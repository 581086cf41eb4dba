import type { Metadata } from "next";
import { AppLink } from "@/components/app-link";
import { getFormatter, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/page-header";
import { listMailbox } from "@/lib/mail/mailbox";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("mailbox"))("title"), robots: { index: false } };
}

const statusKey = { pending: "statusPending", sent: "statusSent", failed: "statusFailed" } as const;

export default async function MailboxPage() {
  // The proxy answers 404 here unless the mailbox is enabled (proxy.ts).
  const [entries, t, format] = await Promise.all([listMailbox(), getTranslations("mailbox"), getFormatter()]);
  return (
    <div>
      <PageHeader title={t("title")} intro={t("intro")} />
      {entries.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <table className="w-full border-collapse text-sm">
          <thead>
            <tr className="border-b border-line text-left">
              <th className="py-2 pr-2">{t("date")}</th>
              <th className="py-2 pr-2">{t("to")}</th>
              <th className="py-2 pr-2">{t("subject")}</th>
              <th className="py-2">{t("status")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} className="border-b border-line align-top">
                <td className="py-2 pr-2 whitespace-nowrap">
                  {format.dateTime(new Date(entry.createdAt), { dateStyle: "short", timeStyle: "medium" })}
                </td>
                <td className="py-2 pr-2">{entry.to}</td>
                <td className="py-2 pr-2">
                  <AppLink href={`/dev/mailbox/${entry.id}`}>{entry.subject}</AppLink>
                </td>
                <td className="py-2">{t(statusKey[entry.status as keyof typeof statusKey] ?? "statusPending")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
