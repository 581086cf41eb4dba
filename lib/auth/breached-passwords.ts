import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { countBreachCheck } from "@/lib/observability/metrics";

// Breached passwords: every new password (sign-up, reset, change on /compte)
// is looked up in Have I Been Pwned's range API, and so is the password of
// every successful sign-in, after its answer, to tell its owner on /compte
// once it has leaked. k-anonymity: only the first 5 hex characters of the
// password's SHA-1 leave the server, with `Add-Padding: true` so the answer's
// size says nothing either; the rest of the hash is compared here and
// padding lines (count 0) never count.
// Fail open: a timeout, a 5xx, a network error or a body that is not a range
// accepts the password (counted and logged, never the password nor its hash):
// an outage of someone else's service must not stop sign-ups.
// Owns: users.password_breached_at; settings PWNED_PASSWORDS,
// PWNED_PASSWORDS_URL, PWNED_PASSWORDS_TIMEOUT_MS.

export type BreachVerdict = "found" | "clean" | "unavailable" | "off";

/** The SHA-1 of a password as the policy sees it (NFC), uppercase hex as the range API writes it. */
export function passwordSha1(password: string): string {
  return createHash("sha1").update(password.normalize("NFC"), "utf8").digest("hex").toUpperCase();
}

// A burst of sign-ups or sign-ins with one prefix costs one request: the
// answer is kept a few minutes, for a bounded number of prefixes (each a few
// tens of kilobytes at most), the least recently used dropped first.
export const RANGE_CACHE_TTL_MS = 5 * 60_000;
export const RANGE_CACHE_MAX_PREFIXES = 256;
// Real answers are ~30–40 kB; anything far larger is not a range.
const MAX_BODY_CHARS = 1_000_000;
const SUFFIX_HEX = 35;
// A suffix is 35 hex characters; with a leading 0 it packs into 18 bytes.
const SUFFIX_BYTES = 18;
const LINE = /^([0-9A-Fa-f]{35}):(\d+)$/;

class RangeUnavailable extends Error {}

const packSuffix = (suffix: string) => Buffer.from(`0${suffix}`, "hex");

/** The breached suffixes of one range, sorted and packed (18 bytes each), so that a cached range stays small. */
export function parseRange(body: string): Buffer {
  if (body.length > MAX_BODY_CHARS) throw new RangeUnavailable("malformed");
  const suffixes = new Set<string>();
  let lines = 0;
  for (const raw of body.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const match = LINE.exec(line);
    if (!match) throw new RangeUnavailable("malformed");
    lines += 1;
    if (Number(match[2]) > 0) suffixes.add(match[1]!.toUpperCase());
  }
  // With padding the API always answers hundreds of lines: an empty 200 is not an answer.
  if (lines === 0) throw new RangeUnavailable("malformed");
  const sorted = [...suffixes].sort();
  const packed = Buffer.alloc(sorted.length * SUFFIX_BYTES);
  sorted.forEach((suffix, index) => packSuffix(suffix).copy(packed, index * SUFFIX_BYTES));
  return packed;
}

/** Binary search in a packed range. */
export function rangeHolds(packed: Buffer, suffix: string): boolean {
  if (suffix.length !== SUFFIX_HEX) return false;
  const wanted = packSuffix(suffix);
  let low = 0;
  let high = packed.length / SUFFIX_BYTES - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const order = Buffer.compare(packed.subarray(middle * SUFFIX_BYTES, (middle + 1) * SUFFIX_BYTES), wanted);
    if (order === 0) return true;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

type Cached = { range: Buffer; expiresAt: number };
type RangeStore = { cached: Map<string, Cached>; inFlight: Map<string, Promise<Buffer>> };

// On globalThis: Next bundles server actions and route handlers apart, and a
// sign-up through one should fill the cache that a sign-in through the other reads.
const KEY = Symbol.for("sesame.breachedPasswordRanges");
const holder = globalThis as unknown as Record<typeof KEY, RangeStore | undefined>;
const store = () => (holder[KEY] ??= { cached: new Map(), inFlight: new Map() });

/** Tests: forgets every cached range. */
export function clearRangeCacheForTests(): void {
  store().cached.clear();
}

/** How many ranges are cached (tests). */
export const cachedRangeCount = () => store().cached.size;

function readCache(prefix: string): Buffer | undefined {
  const { cached } = store();
  const entry = cached.get(prefix);
  if (!entry) return undefined;
  cached.delete(prefix);
  if (entry.expiresAt <= now().getTime()) return undefined;
  // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
  cached.set(prefix, entry);
  return entry.range;
}

function writeCache(prefix: string, range: Buffer): void {
  const { cached } = store();
  cached.delete(prefix);
  cached.set(prefix, { range, expiresAt: now().getTime() + RANGE_CACHE_TTL_MS });
  while (cached.size > RANGE_CACHE_MAX_PREFIXES) cached.delete(cached.keys().next().value!);
}

async function fetchRange(prefix: string): Promise<Buffer> {
  const { PWNED_PASSWORDS_URL, PWNED_PASSWORDS_TIMEOUT_MS } = env();
  let response: Response;
  let body: string;
  try {
    // The timeout covers the body too: a service that sends headers and then stalls is as slow as one that never answers.
    response = await fetch(`${PWNED_PASSWORDS_URL.replace(/\/+$/, "")}/range/${prefix}`, {
      headers: { "Add-Padding": "true", "User-Agent": "Sesame-account-access" },
      signal: AbortSignal.timeout(PWNED_PASSWORDS_TIMEOUT_MS),
      cache: "no-store",
    });
    body = await response.text();
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    throw new RangeUnavailable(name === "TimeoutError" || name === "AbortError" ? "timeout" : "network");
  }
  if (!response.ok) throw new RangeUnavailable(`status ${response.status}`);
  return parseRange(body);
}

/** One prefix's range: from the cache, else one request shared by every lookup of that prefix meanwhile. */
function rangeOf(prefix: string): Promise<Buffer> {
  const cached = readCache(prefix);
  if (cached) return Promise.resolve(cached);
  const { inFlight } = store();
  let pending = inFlight.get(prefix);
  if (!pending) {
    pending = fetchRange(prefix)
      .then((range) => {
        writeCache(prefix, range);
        return range;
      })
      .finally(() => inFlight.delete(prefix));
    inFlight.set(prefix, pending);
  }
  return pending;
}

/** Looks a password's SHA-1 up; never throws: whatever goes wrong is "unavailable". */
export async function lookUpSha1(sha1: string): Promise<BreachVerdict> {
  if (env().PWNED_PASSWORDS === "off") return "off";
  const prefix = sha1.slice(0, 5);
  try {
    const verdict = rangeHolds(await rangeOf(prefix), sha1.slice(5)) ? "found" : "clean";
    countBreachCheck(verdict);
    return verdict;
  } catch (error) {
    countBreachCheck("unavailable", error instanceof RangeUnavailable ? error.message : "error");
    return "unavailable";
  }
}

export const lookUpPassword = (password: string) => lookUpSha1(passwordSha1(password));

/**
 * For a new password, after the local rules and the rate limits (a password
 * they refuse costs no request): the field error when it is in a known
 * breach. Unavailable accepts it.
 */
export async function breachedPasswordError(password: string): Promise<"passwordBreached" | undefined> {
  return (await lookUpPassword(password)) === "found" ? "passwordBreached" : undefined;
}

/** What every write of a new password also writes: the notice of the old one's breach goes. */
export const newPasswordClearsBreach = { passwordBreachedAt: null } as const;

/**
 * After a sign-in with the right password, once its answer is sent: the
 * lookup, and the flag that /compte shows until the password changes. The
 * SHA-1 is taken now so the password itself is not kept. The flag is set only
 * if the password is still the one that was checked (`passwordHash`): a
 * change that lands meanwhile is not flagged for its predecessor's leak.
 */
export function breachCheckAfterSignIn(userId: string, passwordHash: string, password: string): () => Promise<void> {
  const sha1 = passwordSha1(password);
  return async () => {
    if ((await lookUpSha1(sha1)) !== "found") return;
    await db.user.updateMany({ where: { id: userId, passwordHash, passwordBreachedAt: null }, data: { passwordBreachedAt: now() } });
  };
}
