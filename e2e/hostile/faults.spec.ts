import { test, expect, type APIRequestContext } from "@playwright/test";
import { hostileURL } from "../../playwright.config";
import { signIn } from "../fixtures";
import {
  apiContext,
  answer,
  confirmedAccount,
  control,
  emailedLink,
  formOf,
  french,
  heldConnections,
  postCredentials,
  postForm,
  resendState,
  signUpAs,
  sql,
  waitForApp,
} from "./stage";

// What happens when the things Sésame depends on fail: Resend, PostgreSQL,
// and the app's own process. Nothing may be lost, nothing sent twice, and
// people get a translated answer meanwhile.

const PASSWORD = "Givre-Tulipe-Kayak-73";
let counter = 0;
const someone = (prefix: string) => {
  counter += 1;
  const pseudo = `${prefix}${Date.now().toString(36)}${counter}`;
  return { pseudo, email: `${pseudo}@example.test` };
};

const signUp = (request: APIRequestContext, person: { pseudo: string; email: string }) => signUpAs(request, person, PASSWORD);

async function outboxOf(addresses: string[]) {
  return sql<{ to: string; status: string; attempts: number; last_error: string | null; id: string }>(
    `SELECT id, "to", status, attempts, last_error FROM outbox_emails WHERE "to" = ANY($1) ORDER BY created_at`,
    [addresses],
  );
}

test.describe.configure({ mode: "serial" });

test("while Resend answers 500, requests answer normally; after it recovers every email goes out, each once", async () => {
  const request = await apiContext();
  const people = Array.from({ length: 5 }, () => someone("outage"));
  const addresses = people.map((person) => person.email);
  await control("/resend/fail");
  try {
    for (const person of people) {
      const result = await signUp(request, person);
      expect(result.status).toBe(200);
      expect(result.text).toContain(french("notices.signedUp"));
    }
    for (const email of addresses.slice(0, 2)) {
      const result = await postForm(request, "/mot-de-passe-oublie", { email });
      expect(result.text).toContain(french("notices.resetRequested"));
    }
    // Each email is tried, refused, and kept for later.
    await expect
      .poll(async () => (await outboxOf(addresses)).every((row) => row.attempts >= 2 && row.status === "pending"), { timeout: 20_000 })
      .toBe(true);
    const during = await outboxOf(addresses);
    expect(during).toHaveLength(7);
    expect(during.every((row) => row.last_error?.includes("500"))).toBe(true);
    expect((await resendState()).emails.filter((email) => addresses.includes(email.to))).toEqual([]);
  } finally {
    await control("/resend/ok");
  }
  await expect.poll(async () => (await outboxOf(addresses)).every((row) => row.status === "sent"), { timeout: 30_000 }).toBe(true);
  const sent = (await resendState()).emails.filter((email) => addresses.includes(email.to));
  expect(sent).toHaveLength(7);
  expect(sent.every((email) => email.sends === 1)).toBe(true);
  for (const email of addresses) {
    expect(sent.filter((entry) => entry.to === email).map((entry) => entry.subject)).toHaveLength(
      email === addresses[0] || email === addresses[1] ? 2 : 1,
    );
  }
  await request.dispose();
});

test("while PostgreSQL is down, every request gets a translated answer; it recovers without a restart and no account is half-written", async ({
  page: browserPage,
}) => {
  const request = await apiContext();
  const before = someone("pgdown");
  expect((await signUp(request, before)).text).toContain(french("notices.signedUp"));
  // A browser signed in before the outage.
  await confirmedAccount(request, `browser${Date.now().toString(36)}`, PASSWORD).then(async (account) => {
    await signIn(browserPage, account.email, PASSWORD);
    await expect(browserPage).toHaveURL(/\/compte/);
  });
  const confirmLink = await emailedLink(before.email, "/confirmation/");
  const confirmButton = { button: "Confirmer mon compte" };
  const confirmForm = Object.fromEntries(await formOf(request, confirmLink, confirmButton));

  // A burst of sign-ups, with the database cut in the middle of it.
  const burst = Array.from({ length: 20 }, () => someone("burst"));
  const burstContexts = await Promise.all(burst.map(() => apiContext()));
  const pending = burst.map((person, index) => signUp(burstContexts[index]!, person).catch(() => null));
  // Cut once the first accounts are in, so that the rest are in flight.
  await expect
    .poll(
      async () =>
        (await sql<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE email = ANY($1)", [burst.map((person) => person.email)]))[0]!
          .n,
      { intervals: [20] },
    )
    .toBeGreaterThanOrEqual(3);
  await control("/database/down");
  try {
    const answers = await Promise.all(pending);
    for (const result of answers) {
      if (!result) continue;
      expect(result.status).toBeLessThan(500);
      expect([french("notices.signedUp"), french("errors.unavailable")].some((text) => result.text.includes(text))).toBe(true);
    }

    // A form: the form's own translated error.
    const refused = await signUp(request, someone("pgdown"));
    expect(refused.status).toBe(200);
    expect(refused.text).toContain(french("errors.unavailable"));

    // A sign-in through Auth.js: back to /connexion with the same message.
    const signIn = await postCredentials(request, before.email, PASSWORD);
    expect(signIn.location).toContain("error=Configuration");
    const signInPage = await request.get(signIn.location!);
    expect(answer(signInPage.status(), await signInPage.text()).text).toContain(french("errors.unavailable"));

    // An emailed link, opened and then its button pressed: the same, and the link is not used up.
    const link = await request.get(confirmLink, { maxRedirects: 0 });
    expect(link.status()).toBe(307);
    expect(link.headers()["location"]).toBe("/connexion?code=unavailable");
    const pressed = await request.post(confirmLink, { multipart: confirmForm, headers: { origin: hostileURL }, maxRedirects: 0 });
    expect(pressed.status()).toBe(303);
    expect(pressed.headers()["location"]).toBe("/connexion?code=unavailable");

    // A page that reads the database: the same message, rendered on the server.
    const page = await request.get(`/reinitialisation/${"A".repeat(43)}`);
    expect(page.status()).toBe(200);
    expect(answer(page.status(), await page.text()).text).toContain(french("errors.unavailable"));

    // Any other page that fails: the translated error page, in a browser.
    await browserPage.goto(`/compte`);
    await expect(browserPage.getByRole("heading", { level: 1 })).toHaveText(french("errors.pageTitle"));
    await expect(browserPage.getByRole("alert").filter({ hasText: french("errors.unavailable") })).toBeVisible();
  } finally {
    await control("/database/up");
  }

  // Back without restarting the app: the browser is still signed in, the link still works (with the
  // password: this request context is not the browser that signed up), sign-up and sign-in too.
  await expect(async () => {
    await browserPage.goto("/compte");
    await expect(browserPage.getByRole("heading", { level: 1 })).toHaveText("Mon compte", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect
    .poll(async () => (await postForm(request, confirmLink, { password: PASSWORD }, confirmButton).catch(() => null))?.location, {
      timeout: 20_000,
    })
    .toBe("/connexion?notice=confirmed");
  expect((await signUp(request, someone("pgup"))).text).toContain(french("notices.signedUp"));
  expect((await postCredentials(request, before.email, PASSWORD)).location).toContain("/compte");

  // Every account of the burst is whole (account, its confirmation link, its email) or absent.
  const rows = await sql<{ email: string; tokens: number; emails: number }>(
    `SELECT u.email,
       (SELECT count(*)::int FROM tokens t WHERE t.user_id = u.id AND t.purpose = 'confirm') AS tokens,
       (SELECT count(*)::int FROM outbox_emails o WHERE o."to" = u.email) AS emails
     FROM users u WHERE u.email = ANY($1)`,
    [burst.map((person) => person.email)],
  );
  expect(rows.length).toBeGreaterThanOrEqual(3);
  for (const row of rows) expect(row, row.email).toMatchObject({ tokens: 1, emails: 1 });
  test
    .info()
    .annotations.push({ type: "burst", description: `${rows.length} of 20 sign-ups written whole, ${20 - rows.length} not at all` });
  await Promise.all([request.dispose(), ...burstContexts.map((burstContext) => burstContext.dispose())]);
});

test("the readiness probe answers 503 while PostgreSQL is down and 200 once it is back; liveness answers 200 throughout", async () => {
  const request = await apiContext();
  const probe = async (path: string) => {
    const response = await request.get(path);
    return { status: response.status(), body: (await response.json()) as Record<string, unknown> };
  };
  expect(await probe("/api/health/ready")).toEqual({
    status: 200,
    body: { ready: true, database: "ok", migrations: "ok", mail: "ok", oldestDueEmailSeconds: 0 },
  });
  // Polled every second by every balancer: never limited, never journaled.
  const counts = () =>
    sql<{ events: number; limits: number }>(
      "SELECT (SELECT count(*)::int FROM security_events) AS events, (SELECT count(*)::int FROM rate_limits) AS limits",
    );
  const before = await counts();
  for (let round = 0; round < 20; round++) {
    const statuses = await Promise.all(Array.from({ length: 10 }, async () => (await request.get("/api/health/ready")).status()));
    expect(statuses.every((status) => status === 200)).toBe(true);
  }
  expect(await counts()).toEqual(before);
  await control("/database/down");
  try {
    await expect.poll(async () => (await probe("/api/health/ready")).status, { timeout: 10_000 }).toBe(503);
    // Which check failed, and nothing else: no error text, no connection string.
    expect((await probe("/api/health/ready")).body).toEqual({
      ready: false,
      database: "unreachable",
      migrations: "error",
      mail: "error",
      oldestDueEmailSeconds: null,
    });
    expect(await probe("/api/health/live")).toEqual({ status: 200, body: { live: true } });
  } finally {
    await control("/database/up");
  }
  await expect.poll(async () => (await probe("/api/health/ready")).status, { timeout: 20_000 }).toBe(200);
  await request.dispose();
});

test("when the app is killed while Resend holds an email, it goes out after the restart, once", async () => {
  const request = await apiContext();
  const person = someone("killed");
  expect((await signUp(request, person)).text).toContain(french("notices.signedUp"));
  await expect.poll(async () => (await resendState()).emails.filter((email) => email.to === person.email).length).toBe(1);
  await control("/resend/hang");
  try {
    const result = await postForm(request, "/mot-de-passe-oublie", { email: person.email });
    expect(result.text).toContain(french("notices.resetRequested"));
    // Resend has taken the reset email; its answer never comes back.
    await expect
      .poll(async () => (await resendState()).emails.filter((email) => email.to === person.email).length, { timeout: 20_000 })
      .toBe(2);
    await control("/app/kill");
  } finally {
    await control("/resend/ok");
  }
  await control("/app/start");
  await waitForApp();
  // The row was claimed by the dead process: taken again when its lease ends, with the same idempotency key.
  await expect.poll(async () => (await outboxOf([person.email])).every((row) => row.status === "sent"), { timeout: 30_000 }).toBe(true);
  const rows = await outboxOf([person.email]);
  expect(rows).toHaveLength(2);
  const reset = rows[1]!;
  expect(reset.attempts).toBe(2);
  const held = (await resendState()).emails.filter((email) => email.to === person.email);
  expect(held).toHaveLength(2);
  expect(held.find((email) => email.key === `outbox-${reset.id}`)?.sends).toBe(2);
  await request.dispose();
});

test("when the app is killed between a request's answer and its email work, a later process sends that email, once", async () => {
  // The deliverer resumes a request once it is ABANDONED_AFTER_MS (30 s, lib/auth/email-request-work.ts) old; add a restart.
  const resumedWithin = 75_000;
  test.setTimeout(resumedWithin + 45_000);
  const request = await apiContext();
  const person = someone("abandoned");
  expect((await signUp(request, person)).text).toContain(french("notices.signedUp"));
  await expect.poll(async () => (await resendState()).emails.filter((email) => email.to === person.email).length).toBe(1);
  // The relay holds the work at its claim (lib/auth/email-requests.ts) rather than stalling when the
  // answer comes: the answer needs the database (rate limits, the request's row) and the work starts
  // 0 to 250 ms after it is sent, so a stall armed before the post would hold the answer, and one
  // armed when the answer arrives could come after the work committed. Held from the statement that
  // takes the row (its text is sent on every run: the adapter names no prepared statements),
  // everything before the work gets through and nothing of the work does, so the process dies with
  // the request accepted and unworked every time; if the claim's SQL changes, nothing is held and
  // the poll below fails.
  await control("/database/stall", { text: "DELETE FROM email_requests" });
  let requestId: string;
  try {
    const result = await postForm(request, "/mot-de-passe-oublie", { email: person.email });
    expect(result.text).toContain(french("notices.resetRequested"));
    await expect.poll(heldConnections, { message: "the work's claim reached the relay" }).toBeGreaterThan(0);
    const recorded = await sql<{ id: string }>("SELECT id FROM email_requests WHERE email = $1", [person.email]);
    expect(recorded).toHaveLength(1);
    requestId = recorded[0]!.id;
    // The sign-up's email alone: nothing of the reset is queued.
    expect(await outboxOf([person.email])).toHaveLength(1);
    await control("/app/kill");
  } finally {
    await control("/database/flow");
  }
  await control("/app/start");
  await waitForApp();

  const resumed = async () => (await resendState()).emails.filter((email) => email.key === `outbox-${requestId}`);
  await expect.poll(async () => (await resumed()).length, { timeout: resumedWithin }).toBe(1);
  const [email] = await resumed();
  expect(email).toMatchObject({ to: person.email, sends: 1 });
  expect(email!.html).toContain("/reinitialisation/");
  expect((await resendState()).emails.filter((sent) => sent.to === person.email)).toHaveLength(2);
  expect(await sql("SELECT 1 FROM email_requests WHERE id = $1", [requestId])).toEqual([]);
  expect((await outboxOf([person.email])).map((row) => [row.id, row.status])).toContainEqual([requestId, "sent"]);
  await request.dispose();
});
