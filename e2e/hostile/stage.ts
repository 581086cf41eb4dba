import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { hostileURL } from "../../playwright.config";
import type { TokenPurpose } from "../../lib/db/generated/enums";

// What the hostile suites see of the stage set by scripts/e2e-hostile-server.mjs:
// its control API, its database (read directly, never through the app), the
// Resend stand-in, and forms posted as a browser without JavaScript posts them.

const controlURL = `http://127.0.0.1:${Number(new URL(hostileURL).port) + 2}`;

export async function control(path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${controlURL}${path}`, { method: "POST", body: body === undefined ? undefined : JSON.stringify(body) });
  expect(response.ok, `control ${path}`).toBeTruthy();
}

/** The app again, with these settings on top of the stage's (none: the stage's own), bound to `hostname` if given. */
export async function restartApp(env: Record<string, string> = {}, hostname?: string): Promise<void> {
  await control("/app/restart", { env, hostname });
  await waitForApp(hostname ? `http://${hostname}:${new URL(hostileURL).port}` : hostileURL);
}

/** One email as Resend holds it: `sends` is how many requests carried its idempotency key. */
export type SentEmail = { id: string; key: string; to: string; subject: string; html: string; sends: number };
/** What Resend accepted (each idempotency key once), how many requests it got and refused. */
export async function resendState(): Promise<{ requests: number; refused: number; emails: SentEmail[] }> {
  return (await fetch(`${controlURL}/emails`)).json();
}

/** The path of the link to `path` in the newest email to `to` that has one. */
export async function emailedLink(to: string, path: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => {
      const { emails } = await resendState();
      const links = emails
        .filter((email) => email.to === to)
        .flatMap((email) =>
          [...email.html.matchAll(/href="([^"]+)"/g)].map((match) => new URL(match[1]!.replaceAll("&amp;", "&")).pathname),
        );
      link = links.filter((href) => href.startsWith(path)).at(-1);
      return Boolean(link);
    })
    .toBe(true);
  return link!;
}

/** Everything the app process wrote to stdout and stderr so far. */
export async function serverLog(): Promise<string> {
  return ((await (await fetch(`${controlURL}/log`)).json()) as { log: string }).log;
}

/** How many of the app's database connections the relay holds since /database/stall (0 once /database/flow). */
export async function heldConnections(): Promise<number> {
  return ((await (await fetch(`${controlURL}/database`)).json()) as { held: number }).held;
}

export async function waitForApp(base = hostileURL): Promise<void> {
  await expect.poll(async () => (await fetch(`${base}/connexion`).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(200);
}

// --- the database --------------------------------------------------------------

let client: pg.Client | undefined;
export async function sql<Row extends pg.QueryResultRow = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<Row[]> {
  if (!client) {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/sesame_e2e_hostile_${new URL(hostileURL).port}`;
    client = new pg.Client({ connectionString: url.toString(), application_name: "sesame-hostile-observer" });
    await client.connect();
  }
  return (await client.query<Row>(text, values)).rows;
}

/** Tables holding what people own or were sent; compared whole (count and content digest). */
const dataTables = [
  "users",
  "accounts",
  "sessions",
  "verification_tokens",
  "tokens",
  "outbox_emails",
  "contact_requests",
  "known_devices",
  "passkeys",
] as const;
export type DataTable = (typeof dataTables)[number];

export type Snapshot = Record<DataTable | "security_events", string>;

/** Row count and a digest of every row of each data table, plus the journal's length. */
export async function snapshot(): Promise<Snapshot> {
  const parts = dataTables.map(
    (table) =>
      `SELECT '${table}' AS name, count(*)::text || ' rows ' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS state FROM ${table} t`,
  );
  parts.push(`SELECT 'security_events' AS name, count(*)::text || ' rows' AS state FROM security_events`);
  const rows = await sql<{ name: string; state: string }>(parts.join(" UNION ALL "));
  return Object.fromEntries(rows.map((row) => [row.name, row.state])) as Snapshot;
}

/** The tables whose state differs between two snapshots. */
export function changed(before: Snapshot, after: Snapshot): string[] {
  return Object.keys(before).filter((name) => before[name as keyof Snapshot] !== after[name as keyof Snapshot]);
}

/** The stored row of a raw token (only its SHA-256 digest is stored). */
export async function tokenRow(raw: string): Promise<{ used_at: Date | null } | undefined> {
  const [row] = await sql<{ used_at: Date | null }>("SELECT used_at FROM tokens WHERE token_hash = $1", [
    createHash("sha256").update(raw).digest("hex"),
  ]);
  return row;
}

/** A token row made directly, for the cases an email cannot produce (expired, used, …). */
export async function plantToken(
  userId: string,
  purpose: TokenPurpose,
  options: { expired?: boolean; used?: boolean; newEmail?: string } = {},
) {
  const raw = randomBytes(32).toString("base64url");
  await sql(
    `INSERT INTO tokens (id, user_id, purpose, token_hash, expires_at, used_at, new_email)
     VALUES (gen_random_uuid(), $1, $2, $3, now() + ($4 || ' minutes')::interval, $5, $6)`,
    [
      userId,
      purpose,
      createHash("sha256").update(raw).digest("hex"),
      options.expired ? "-5" : "60",
      options.used ? new Date() : null,
      options.newEmail ?? null,
    ],
  );
  return raw;
}

// --- forms, as a browser without JavaScript posts them ---------------------------

/** A fresh cookie jar on the hostile server, asking for French (or a copy of another's cookies: a stolen session). */
export function apiContext(storageState?: Awaited<ReturnType<APIRequestContext["storageState"]>>): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: hostileURL, extraHTTPHeaders: { "accept-language": "fr-FR" }, storageState });
}

function decode(html: string): string {
  return html
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/** The hidden fields of the page's form that has a field named `marker`. */
/** The hidden fields of the page's form that has a field named `marker` (or, `{ button }`, a button with that text). */
export async function formOf(request: APIRequestContext, path: string, marker: string | { button: string }): Promise<[string, string][]> {
  const response = await request.get(path);
  expect(response.status(), `GET ${path}`).toBe(200);
  const html = await response.text();
  const form = html
    .split("<form")
    .slice(1)
    .map((part) => part.split("</form>")[0]!)
    .find((part) => (typeof marker === "string" ? part.includes(`name="${marker}"`) : part.includes(`>${marker.button}</button>`)));
  if (!form) throw new Error(`no form with ${JSON.stringify(marker)} on ${path}`);
  const fields: [string, string][] = [];
  for (const [input] of form.matchAll(/<input[^>]*>/g)) {
    if (!/type="hidden"/.test(input)) continue;
    const name = /name="([^"]*)"/.exec(input)?.[1];
    if (name) fields.push([decode(name), decode(/value="([^"]*)"/.exec(input)?.[1] ?? "")]);
  }
  return fields;
}

/**
 * A response as the tests read it: `text` is the rendered markup without its
 * scripts (the page's RSC payload carries the whole client catalogue, so a
 * message found there proves nothing); `raw` is the body as sent.
 */
export type Posted = { status: number; text: string; raw: string; location: string | null };

export function answer(status: number, raw: string, location: string | null = null): Posted {
  return { status, raw, text: decode(raw.replace(/<script[\s\S]*?<\/script>/g, "")), location };
}

/** Posts the form with these fields (hidden ones from the page, overridable), as a browser would, from this site. */
export async function postForm(
  request: APIRequestContext,
  path: string,
  values: Record<string, string>,
  marker: string | { button: string } = Object.keys(values)[0]!,
  headers: Record<string, string> = {},
): Promise<Posted> {
  const hidden = await formOf(request, path, marker);
  const multipart: Record<string, string> = {};
  for (const [name, value] of hidden) multipart[name] = value;
  Object.assign(multipart, values);
  const response = await request.post(path, { multipart, headers: { origin: hostileURL, ...headers }, maxRedirects: 0 });
  return answer(response.status(), await response.text(), response.headers()["location"] ?? null);
}

/** The sign-up form, as a browser without JavaScript posts it. */
export function signUpAs(request: APIRequestContext, person: { pseudo: string; email: string }, password: string): Promise<Posted> {
  return postForm(request, "/inscription", { pseudo: person.pseudo, email: person.email, password, passwordConfirmation: password });
}

/** Auth.js's own sign-in endpoint, with its CSRF token. */
export async function postCredentials(
  request: APIRequestContext,
  identifier: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Posted> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, identifier, password, callbackUrl: "/compte" },
    headers,
    maxRedirects: 0,
  });
  return answer(response.status(), await response.text(), response.headers()["location"] ?? null);
}

const fr: unknown = JSON.parse(readFileSync("messages/fr.json", "utf8"));

/** An account signed up through the form and marked confirmed (once: hooks may run again). */
export async function confirmedAccount(
  request: APIRequestContext,
  pseudo: string,
  password: string,
): Promise<{ id: string; email: string }> {
  const email = `${pseudo}@example.test`;
  if ((await sql("SELECT 1 FROM users WHERE email = $1", [email])).length === 0) {
    const signedUp = await signUpAs(request, { pseudo, email }, password);
    expect(signedUp.text).toContain(french("notices.signedUp"));
  }
  const [row] = await sql<{ id: string }>(
    "UPDATE users SET email_verified = coalesce(email_verified, now()) WHERE email = $1 RETURNING id",
    [email],
  );
  return { id: row!.id, email };
}

/** Waits until the deliverer has taken every queued email (a sign-in from a new browser queues its alert), so that a snapshot taken next sees no delivery under way. */
export async function outboxSettled(): Promise<void> {
  await expect
    .poll(async () => Number((await sql<{ n: string }>("SELECT count(*)::text AS n FROM outbox_emails WHERE status = 'pending'"))[0]!.n))
    .toBe(0);
}

/** The French text of a catalogue key ("form.required"), as the page must show it. */
export function french(key: string): string {
  const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], fr);
  if (typeof value !== "string") throw new Error(`no message ${key}`);
  return value.split("{")[0]!.trim();
}
