import "server-only";
import { createHash } from "node:crypto";
import ipaddr from "ipaddr.js";
import { db, Prisma } from "@/lib/db";
import { now } from "./clock";
import { env, type Env } from "./env";
import { countRateLimited } from "@/lib/observability/metrics";

// Fixed-window counters in the database, so every app instance shares them.
// One atomic upsert per request, whatever the number of checks; keys are
// digests, so the table holds no email or IP address.
//
// Every limit has a bucket of its own: the key starts with the limit's name,
// which no input chooses, and each subject is one kind of thing (an IP, a
// user id, a typed identifier…), so a value typed into one form can never
// land in another limit's bucket. Owns: the rate_limits table; settings RATE_LIMIT_*.

/**
 * Every limit: the setting that holds its budget, and what it counts per.
 * `address`: a client address, counted under addressBucket (an IPv6 /64 as
 * one); `subject`: anything else (a user id, a typed identifier…), as given.
 */
const limits = {
  /** Sign-ins from one address (browsers the account does not know). */
  signinIp: { setting: "RATE_LIMIT_SIGNIN_PER_IP", per: "address" },
  /** Sign-ins to one existing account (by user id: its email and its pseudo share it), from browsers it does not know. */
  signinAccount: { setting: "RATE_LIMIT_SIGNIN_PER_ACCOUNT", per: "subject" },
  /** Sign-ins with an identifier that matches no account, per identifier as typed (normalised). */
  signinIdentifier: { setting: "RATE_LIMIT_SIGNIN_PER_ACCOUNT", per: "subject" },
  /** Sign-ins from one known browser of the account: its own budget, which a stranger elsewhere cannot spend. */
  signinDevice: { setting: "RATE_LIMIT_SIGNIN_PER_DEVICE", per: "subject" },
  signupIp: { setting: "RATE_LIMIT_SIGNUP_PER_IP", per: "address" },
  emailIp: { setting: "RATE_LIMIT_EMAIL_PER_IP", per: "address" },
  emailAddress: { setting: "RATE_LIMIT_EMAIL_PER_ADDRESS", per: "subject" },
  contactAddress: { setting: "RATE_LIMIT_CONTACT_PER_ADDRESS", per: "subject" },
  /** Account-page actions, per user id. */
  passwordChange: { setting: "RATE_LIMIT_PASSWORD_CHANGE_PER_USER", per: "subject" },
  emailChange: { setting: "RATE_LIMIT_EMAIL_CHANGE_PER_USER", per: "subject" },
  signOutEverywhere: { setting: "RATE_LIMIT_SIGNOUT_EVERYWHERE_PER_USER", per: "subject" },
  deviceForget: { setting: "RATE_LIMIT_DEVICE_FORGET_PER_USER", per: "subject" },
  /** Passkey sign-in challenges handed to one address (each verification uses one up). */
  passkeySignIn: { setting: "RATE_LIMIT_PASSKEY_SIGNIN_PER_IP", per: "address" },
  /** "Ajouter une clé d'accès" (its password check), per user id. */
  passkeyAdd: { setting: "RATE_LIMIT_PASSKEY_ADD_PER_USER", per: "subject" },
  /** Turning two-step verification on or off, and new recovery codes (their password checks count towards the lockout as well), per user id. */
  twoStepChange: { setting: "RATE_LIMIT_PASSWORD_CHANGE_PER_USER", per: "subject" },
  /** Renaming or removing a passkey, per user id. */
  passkeyChange: { setting: "RATE_LIMIT_PASSKEY_CHANGE_PER_USER", per: "subject" },
  /** Account searches on /support, per agent (user id). */
  supportSearch: { setting: "RATE_LIMIT_SUPPORT_SEARCH_PER_AGENT", per: "subject" },
  dataExport: { setting: "RATE_LIMIT_DATA_EXPORT_PER_USER", per: "subject" },
  accountDeletion: { setting: "RATE_LIMIT_ACCOUNT_DELETION_PER_USER", per: "subject" },
  /** /acces-perdu and /acces-perdu/application requests from one address, both forms together (answered alike whether an account matches). */
  recoveryIp: { setting: "RATE_LIMIT_RECOVERY_PER_IP", per: "address" },
  /** Recovery requests recorded for one account (over it, a request is dropped, with the same answer). */
  recoveryAccount: { setting: "RATE_LIMIT_RECOVERY_PER_ACCOUNT", per: "subject" },
} as const satisfies Record<string, { setting: keyof Env; per: "address" | "subject" }>;

export type LimitName = keyof typeof limits;
export type LimitCheck = [LimitName, string];

const limitFor = (name: LimitName): number => env()[limits[name].setting];

/**
 * The subject an address is counted under. An IPv6 user usually holds a
 * whole /64 and can pick any address in it: counting each one apart would
 * give them 2^64 budgets.
 */
export function addressBucket(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === "ipv4") return address.toString();
  return `${(address as ipaddr.IPv6).parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(":")}::/64`;
}

function keyFor(name: LimitName, subject: string): string {
  const counted = limits[name].per === "address" ? addressBucket(subject) : subject.toLowerCase();
  return `${name}:${createHash("sha256").update(counted).digest("base64url")}`;
}

/** Counts one attempt; true when it is within the limit. */
export async function allowAttempt(name: LimitName, subject: string): Promise<boolean> {
  return allowAll([[name, subject]]);
}

/**
 * Checks several limits in one statement; every one is counted, so probing
 * one cannot dodge another. Rows are taken in key order, so two requests
 * counting the same keys cannot deadlock.
 */
export async function allowAll(checks: LimitCheck[]): Promise<boolean> {
  const budgets = new Map(checks.map(([name, subject]) => [keyFor(name, subject), limitFor(name)]));
  const keys = [...budgets.keys()].sort();
  const windowMs = env().RATE_LIMIT_WINDOW_MINUTES * 60_000;
  const at = now();
  const windowFloor = new Date(at.getTime() - windowMs);
  const rows = await db.$queryRaw<{ key: string; count: number }[]>`
    INSERT INTO rate_limits (key, window_start, count)
    VALUES ${Prisma.join(keys.map((key) => Prisma.sql`(${key}, ${at}, 1)`))}
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limits.window_start <= ${windowFloor} THEN 1 ELSE rate_limits.count + 1 END,
      window_start = CASE WHEN rate_limits.window_start <= ${windowFloor} THEN ${at} ELSE rate_limits.window_start END
    RETURNING key, count`;
  const over = rows.filter((row) => Number(row.count) > (budgets.get(row.key) ?? 0));
  countRateLimited(over.map((row) => row.key.split(":")[0]!));
  return rows.length === keys.length && over.length === 0;
}

/** Drops windows that ended long ago (the retention pass). */
export async function pruneRateLimits(): Promise<number> {
  const floor = new Date(now().getTime() - env().RATE_LIMIT_WINDOW_MINUTES * 60_000);
  const result = await db.rateLimit.deleteMany({ where: { windowStart: { lt: floor } } });
  return result.count;
}
