import { test, expect, signIn, createUser, PASSWORD } from "./fixtures";

// What an operator's tools see of an instance: the health probes and the
// Prometheus scrape. The sign-in goes through the /connexion form (a server
// action, bundled apart from the metrics route): the scrape must count it.

const METRICS_TOKEN = "e2e-metrics-token-e2e-metrics-token";

async function scrape(request: import("@playwright/test").APIRequestContext): Promise<string> {
  const response = await request.get("/api/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status()).toBe(200);
  return response.text();
}

const counted = (body: string, outcome: string) =>
  Number(new RegExp(`^sesame_signins_total\\{outcome="${outcome}"\\} (\\d+)$`, "m").exec(body)?.[1] ?? 0);

test("the health probes answer JSON, and a sign-in through the form shows in the metrics by outcome", async ({ page, request }) => {
  const live = await request.get("/api/health/live");
  expect(live.status()).toBe(200);
  expect(await live.json()).toEqual({ live: true });
  const ready = await request.get("/api/health/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ ready: true, database: "ok", migrations: "ok" });

  expect((await request.get("/api/metrics")).status()).toBe(401);
  expect((await request.get("/api/metrics", { headers: { authorization: "Bearer not-the-token" } })).status()).toBe(401);

  const user = await createUser(request);
  const before = await scrape(request);
  await signIn(page, user.email, "pas-le-bon-mot-de-passe");
  await expect(page.getByRole("alert").filter({ hasText: "Email, pseudo ou mot de passe" })).toBeVisible();
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte/);
  const after = await scrape(request);
  // At least: the journeys run two at a time on this server, and the other one may be signing in too.
  expect(counted(after, "ok") - counted(before, "ok")).toBeGreaterThanOrEqual(1);
  expect(counted(after, "wrong") - counted(before, "wrong")).toBeGreaterThanOrEqual(1);
  expect(after).toMatch(/^sesame_signin_duration_seconds_count \d+$/m);
  expect(after).toMatch(/^process_resident_memory_bytes \d/m);
});
