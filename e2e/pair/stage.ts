import { expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { pairURLs } from "../../playwright.config";

// What the two-instance suite sees of scripts/e2e-pair-server.mjs: the two
// instances' addresses, its control API, the Resend stand-in's count per
// idempotency key, the instances' logs, and the shared database (read
// directly, never through the pooler).

export const A = pairURLs.a;
export const B = pairURLs.b;
const controlURL = `http://127.0.0.1:${Number(new URL(A).port) + 2}`;

async function control<T = unknown>(path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`${controlURL}${path}`, { method: "POST", body: JSON.stringify(body) });
  expect(response.ok, `control ${path}`).toBeTruthy();
  return (await response.json()) as T;
}

let client: pg.Client | undefined;

/** Both instances killed, the database made empty, both started at the same moment (through PgBouncer when `pooler`); resolves once both are ready. */
export async function resetStage(options: { pooler: boolean }): Promise<void> {
  await client?.end().catch(() => {});
  client = undefined;
  await control("/reset", options);
  // Both at once: their first requests start them, and each migrates at start-up.
  await Promise.all([A, B].map((base) => waitUntilReady(base)));
}

export async function waitUntilReady(base: string): Promise<void> {
  await expect
    .poll(async () => (await fetch(`${base}/api/health/ready`).catch(() => null))?.status ?? 0, { timeout: 90_000, intervals: [100] })
    .toBe(200);
}

/** SIGTERM to one instance; resolves once it exited, with how. */
export function stopInstance(name: "a" | "b"): Promise<{ code: number | null; signal: string | null; ms: number }> {
  return control(`/stop/${name}`);
}

export async function startInstance(name: "a" | "b"): Promise<void> {
  await control(`/start/${name}`);
  await waitUntilReady(name === "a" ? A : B);
}

export async function delayResend(ms: number): Promise<void> {
  await control("/resend/delay", { ms });
}

export type SentEmail = { key: string; to: string; subject: string; html: string; sends: number };
export async function resendState(): Promise<{ requests: number; emails: SentEmail[] }> {
  return (await fetch(`${controlURL}/emails`)).json();
}

/** Whether the instances connect through PgBouncer, and how many transactions it carried for them so far. */
export async function stageState(): Promise<{ pooled: boolean; poolerTransactions: number | null }> {
  return (await fetch(`${controlURL}/state`)).json();
}

export async function instanceLog(name: "a" | "b"): Promise<string> {
  return ((await (await fetch(`${controlURL}/log/${name}`)).json()) as { log: string }).log;
}

export async function sql<Row extends pg.QueryResultRow = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<Row[]> {
  if (!client) {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/sesame_e2e_pair_${new URL(A).port}`;
    client = new pg.Client({ connectionString: url.toString(), application_name: "sesame-pair-observer" });
    await client.connect();
  }
  return (await client.query<Row>(text, values)).rows;
}

/** A cookie jar asking for French; cookies are per host, so one jar is signed in on both instances alike. */
export function browserLike(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ extraHTTPHeaders: { "accept-language": "fr-FR" } });
}

/** Auth.js's sign-in endpoint of one instance; returns where it redirects. */
export async function signInVia(request: APIRequestContext, base: string, identifier: string, password: string): Promise<string> {
  const { csrfToken } = (await (await request.get(`${base}/api/auth/csrf`)).json()) as { csrfToken: string };
  const response = await request.post(`${base}/api/auth/callback/credentials`, {
    form: { csrfToken, identifier, password, callbackUrl: "/compte" },
    maxRedirects: 0,
  });
  return response.headers()["location"] ?? "";
}

export async function metricValue(base: string, series: string): Promise<number> {
  const body = await (await fetch(`${base}/api/metrics`, { headers: { authorization: "Bearer e2e-pair-metrics" } })).text();
  const line = body.split("\n").find((entry) => entry.startsWith(`${series} `));
  return line ? Number(line.split(" ")[1]) : 0;
}
