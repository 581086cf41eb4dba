import "server-only";
import { allowAll } from "@/lib/rate-limit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/request/client-info";
import type { Locale } from "@/lib/i18n/config";
import { appLink, queueEmail } from "@/lib/mail";
import type { ContactData } from "@/lib/validation/contact";

// "Toujours besoin d'aide ? Contactez-nous": the request is kept in the
// database and, in the same transaction, emailed to SUPPORT_EMAIL.
// Owns: the contact_requests table; setting SUPPORT_EMAIL.

export type ContactResult = "sent" | "rateLimited";

export async function submitContactRequest(
  data: ContactData,
  context: { userId: string | null; locale: Locale; client: ClientInfo },
): Promise<ContactResult> {
  const allowed = await allowAll([
    ["emailIp", context.client.ip],
    ["contactAddress", data.email],
  ]);
  if (!allowed) return "rateLimited";
  await db.$transaction(async (tx) => {
    await tx.contactRequest.create({
      data: { ...data, userId: context.userId, locale: context.locale, ip: context.client.ip },
    });
    // Support reads French; the sender's language is in the database row.
    await queueEmail(tx, {
      template: "contact-message",
      to: env().SUPPORT_EMAIL,
      locale: "fr",
      props: { email: data.email, topic: data.subject, message: data.message, url: appLink("/aide") },
    });
  });
  return "sent";
}
