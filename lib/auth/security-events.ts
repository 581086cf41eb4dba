import "server-only";
import { db, Prisma } from "@/lib/db";
import { gatedWrite, type GatedWrite } from "@/lib/db/gated-write";
import { now } from "@/lib/clock";
import type { ClientInfo } from "@/lib/request/client-info";
import { emailLinkRoutes, type EmailLinkEvent } from "@/lib/flows";
import type { Messages } from "@/lib/i18n/messages";

// The security journal. Records what happened, to whom, from where; never a
// password, a token or a hash. Owns: the security_events table.

/** What the product journals, apart from emailed links and support agents. */
const productEventTypes = [
  "signin.success",
  "signin.failure",
  "signin.locked",
  "account.locked",
  "device.locked",
  "account.unlocked",
  "password.changed",
  "signout.everywhere",
  "email.change_requested",
  "device.forgotten",
  "signin.passkey",
  "signin.passkey_failure",
  "passkey.added",
  "passkey.removed",
  "signup",
  "account.deletion_requested",
  "signin.closed_account",
  "account.erased",
  "data.exported",
  "recovery_address.added",
  "recovery_address.removed",
  "recovery.requested",
  "recovery.applied",
  "two_step.enabled",
  "two_step.disabled",
  "two_step.disabled_by_recovery",
  "two_step.codes_regenerated",
  "two_step.failure",
  "two_step.locked",
  "two_step.recovery_code_used",
  // Sign in with Sésame (lib/oidc): an application given access, an access taken back.
  "oidc.granted",
  "oidc.revoked",
] as const;

/** Every journal entry type: the product's, each emailed link's (declared with its flow, lib/flows.ts), support's. */
export type SecurityEventType = (typeof productEventTypes)[number] | EmailLinkEvent | SupportEventType;

/** What a support agent did (lib/support): journaled with the agent and the reason they gave. */
export const supportEventTypes = [
  "support.search",
  "support.confirmation_resent",
  "support.unlocked",
  "support.reset_sent",
  "support.signed_out",
  "support.suppression_lifted",
  "support.request_handled",
  "support.recovery_approved",
  "support.recovery_refused",
] as const;
export type SupportEventType = (typeof supportEventTypes)[number];

type Tx = Prisma.TransactionClient;

const securityEventTypes: readonly SecurityEventType[] = [
  ...productEventTypes,
  ...Object.values(emailLinkRoutes).map((route) => route.event),
  ...supportEventTypes,
];

// Each type's label is account.event_<type, dots as underscores> in the
// catalogues (the activity list on /compte and the support console show the
// same). A type whose label is missing does not compile: the error names it.
type Underscored<S extends string> = S extends `${infer Head}.${infer Tail}` ? `${Head}_${Underscored<Tail>}` : S;
type EventLabelKey = Extract<keyof Messages["account"], `event_${string}`>;
type Unlabelled = Exclude<`event_${Underscored<SecurityEventType>}`, EventLabelKey>;
const everyEventHasALabel: [Unlabelled] extends [never] ? true : { missingLabel: Unlabelled } = true;
void everyEventHasALabel;

/** The catalogue key (in "account") labelling each journal entry type. */
export const eventLabels = Object.fromEntries(securityEventTypes.map((type) => [type, `event_${type.replaceAll(".", "_")}`])) as Record<
  SecurityEventType,
  EventLabelKey
>;

/** The label of a stored entry; a type no longer journaled reads "Autre événement". */
export function eventLabel(type: string): EventLabelKey {
  return Object.hasOwn(eventLabels, type) ? eventLabels[type as SecurityEventType] : "event_other";
}

/** The user's latest security events, newest first (the activity list on /compte). */
export function recentSecurityEvents(userId: string, take = 20) {
  return db.securityEvent.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, type: true, ip: true, userAgent: true, createdAt: true },
  });
}

export async function recordSecurityEvent(
  tx: Tx,
  type: SecurityEventType,
  userId: string | null,
  client: ClientInfo | undefined,
  support?: { actorId: string; reason: string | null },
): Promise<void> {
  await tx.securityEvent.create({
    data: {
      type,
      userId,
      ip: client?.ip ?? null,
      userAgent: client?.userAgent ?? null,
      actorId: support?.actorId ?? null,
      reason: support?.reason ?? null,
      createdAt: now(),
    },
  });
}

/**
 * An erased account's journal (lib/privacy/erasure.ts): its entries, and the
 * support actions it took as an agent, stay under `pseudonym`, a random id
 * nothing else knows, so they still read as one account's history without
 * naming anyone. The retention pass removes them after RETENTION_JOURNAL_DAYS.
 */
export async function pseudonymiseJournal(tx: Tx, userId: string, pseudonym: string): Promise<number> {
  const own = await tx.securityEvent.updateMany({ where: { userId }, data: { userId: null, pseudonym } });
  await tx.securityEvent.updateMany({ where: { actorId: userId }, data: { actorId: pseudonym } });
  return own.count;
}

/** The erasure itself, under the pseudonym its account's entries now carry. */
export async function recordErasure(tx: Tx, pseudonym: string): Promise<void> {
  await tx.securityEvent.create({ data: { type: "account.erased", pseudonym, createdAt: now() } });
}

/** The journal entry as a gated statement's fragment (lib/db/gated-write.ts): written only if the gate passes. */
export function journalWrite(type: SecurityEventType, client: ClientInfo | undefined, at: Date): GatedWrite {
  return gatedWrite(Prisma.sql`
    INSERT INTO security_events (id, user_id, type, ip, user_agent, created_at)
    SELECT gen_random_uuid(), user_id, ${type}, ${client?.ip ?? null}, ${client?.userAgent ?? null}, ${at}::timestamp FROM gate`);
}
