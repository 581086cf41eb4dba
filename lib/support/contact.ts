import "server-only";
import { allowAll } from "@/lib/rate-limit";
import { db, type Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import type { ClientInfo } from "@/lib/request/client-info";
import type { Locale } from "@/lib/i18n/config";
import { appLink, queueEmail } from "@/lib/mail";
import type { ContactData } from "@/lib/validation/contact";

// "Toujours besoin d'aide ? Contactez-nous": the request is kept in the
// database and, in the same transaction, emailed to SUPPORT_EMAIL.
// Owns: the contact_requests table; setting SUPPORT_EMAIL.

export type ContactResult = "sent" | "rateLimited";

/** An erased account's messages to support (lib/privacy/erasure.ts), by account or by address, and its name on those it handled as an agent. */
export async function eraseContactRequestsOf(tx: Prisma.TransactionClient, userId: string, address: string): Promise<number> {
  await tx.contactRequest.updateMany({ where: { handledBy: userId }, data: { handledBy: null } });
  return (await tx.contactRequest.deleteMany({ where: { OR: [{ userId }, { email: address }] } })).count;
}

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
