import { AppLink } from "@/components/app-link";
import { getTranslations } from "next-intl/server";
import { findMailboxEntry } from "@/lib/mail/mailbox";

export const dynamic = "force-dynamic";

export default async function MailboxEntryPage({ params }: { params: Promise<{ id: string }> }) {
  // The proxy answers 404 here unless the mailbox is enabled (proxy.ts).
  const [{ id }, t] = await Promise.all([params, getTranslations("mailbox")]);
  const entry = await findMailboxEntry(id);
  if (!entry) {
    return (
      <div className="flex flex-col gap-4">
        <AppLink href="/dev/mailbox">{t("back")}</AppLink>
        <p>{t("missing")}</p>
      </div>
    );
  }
  // Links open in the whole window; the email itself runs no script.
  const srcDoc = entry.html.replace(/<head>/i, '<head><base target="_top">');
  return (
    <div className="flex flex-col gap-4">
      <AppLink href="/dev/mailbox">{t("back")}</AppLink>
      <h1 className="text-xl font-bold">{entry.subject}</h1>
      <p className="text-sm text-ink-muted">
        {t("to")} : {entry.to}
      </p>
      <iframe
        title={entry.subject}
        srcDoc={srcDoc}
        sandbox="allow-top-navigation-by-user-activation allow-popups"
        className="h-[36rem] w-full rounded-control border border-line bg-white"
      />
      <details>
        <summary>{t("text")}</summary>
        <pre className="mt-2 whitespace-pre-wrap text-sm">{entry.text}</pre>
      </details>
    </div>
  );
}
