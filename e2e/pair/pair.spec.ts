import { readdirSync } from "node:fs";
import { test, expect, type APIRequestContext } from "@playwright/test";
import { formOf, french, answer, type Posted } from "../hostile/stage";
import { env } from "../../lib/env";
import {
  A,
  B,
  browserLike,
  delayResend,
  instanceLog,
  metricValue,
  resendState,
  resetStage,
  stageState,
  signInVia,
  sql,
  startInstance,
  stopInstance,
} from "./stage";

// Two production servers of the same build on one PostgreSQL database, as
// behind a load balancer: everything an instance decides from shared state
// (counters, locks, limits, sessions, the outbox, the migrations) must hold
// across both. The whole suite runs twice: straight to PostgreSQL, then
// through PgBouncer in transaction pooling mode.

const PASSWORD = "Givre-Tulipe-Kayak-73";
// The stage passes this process's environment on, so both instances lock at this maximum.
const MAX_ATTEMPTS = env().LOCKOUT_MAX_ATTEMPTS;
const migrations = readdirSync("prisma/migrations", { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;

let counter = 0;
function someone(prefix: string) {
  counter += 1;
  const pseudo = `${prefix}${Date.now().toString(36)}${counter}`;
  return { pseudo, email: `${pseudo}@example.test` };
}

/** A form of one instance, posted as a browser without JavaScript posts it. */
async function post(
  request: APIRequestContext,
  base: string,
  path: string,
  values: Record<string, string>,
  marker: string | { button: string } = Object.keys(values)[0]!,
): Promise<Posted> {
  const multipart: Record<string, string> = Object.fromEntries(await formOf(request, `${base}${path}`, marker));
  Object.assign(multipart, values);
  const response = await request.post(`${base}${path}`, { multipart, headers: { origin: base }, maxRedirects: 0 });
  return answer(response.status(), await response.text(), response.headers()["location"] ?? null);
}

async function signUp(request: APIRequestContext, base: string, person: { pseudo: string; email: string }): Promise<Posted> {
  return post(request, base, "/inscription", {
    pseudo: person.pseudo,
    email: person.email,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
  });
}

/** A confirmed account, signed up through A. */
async function confirmedAccount(prefix: string): Promise<{ id: string; pseudo: string; email: string }> {
  const person = someone(prefix);
  const request = await browserLike();
  expect((await signUp(request, A, person)).text).toContain(french("notices.signedUp"));
  await request.dispose();
  const [row] = await sql<{ id: string }>("UPDATE users SET email_verified = now() WHERE email = $1 RETURNING id", [person.email]);
  return { id: row!.id, ...person };
}

const codeOf = (location: string) => new URL(location, A).searchParams.get("code") ?? new URL(location, A).pathname;

for (const via of ["direct", "pgbouncer"] as const) {
  test.describe(`two instances on one database (${via === "direct" ? "direct connections" : "through PgBouncer, transaction pooling"})`, () => {
    test.describe.configure({ mode: "serial" });

    test.beforeAll(async () => {
      test.setTimeout(180_000);
      await resetStage({ pooler: via === "pgbouncer" });
    });

    test("both started at the same moment on an empty database, they apply each migration once", async () => {
      const rows = await sql<{ migration_name: string; n: number }>(
        `SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations" GROUP BY migration_name`,
      );
      expect(rows).toHaveLength(migrations);
      expect(rows.every((row) => row.n === 1)).toBe(true);
      // Between them the two applied every migration, and no migration twice.
      const applied = await Promise.all(
        (["a", "b"] as const).map(async (name) =>
          (await instanceLog(name))
            .split("\n")
            .filter((line) => line.includes('"event":"database.migrated"'))
            .flatMap((line) => (JSON.parse(line) as { applied: string[] }).applied),
        ),
      );
      expect(applied.flat().sort()).toEqual(rows.map((row) => row.migration_name).sort());
      test.info().annotations.push({ type: "migrations", description: `A applied ${applied[0]!.length}, B ${applied[1]!.length}` });
      expect((await stageState()).pooled).toBe(via === "pgbouncer");
    });

    test("wrong passwords spread over both lock at exactly LOCKOUT_MAX_ATTEMPTS, with the warning one before", async () => {
      const account = await confirmedAccount("spread");
      const codes: string[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const request = await browserLike();
        codes.push(codeOf(await signInVia(request, attempt % 2 ? A : B, account.email, "Wrong-Password-000x")));
        await request.dispose();
      }
      expect(codes.slice(MAX_ATTEMPTS - 2)).toEqual(["lastAttempt", "locked"]);
      expect(codes.slice(0, MAX_ATTEMPTS - 2).every((code) => code !== "lastAttempt" && code !== "locked")).toBe(true);
      // Locked on both, the right password included.
      for (const base of [A, B]) {
        const request = await browserLike();
        expect(codeOf(await signInVia(request, base, account.email, PASSWORD))).toBe("locked");
        await request.dispose();
      }

      // The same, all at once: 12 wrong passwords in parallel over both end at exactly the maximum, one lock, one email.
      const raced = await confirmedAccount("raced");
      const contexts = await Promise.all(Array.from({ length: 12 }, () => browserLike()));
      await Promise.all(contexts.map((request, index) => signInVia(request, index % 2 ? A : B, raced.email, "Wrong-Password-000x")));
      await Promise.all(contexts.map((request) => request.dispose()));
      const [lock] = await sql<{ failed_attempts: number; locked: boolean }>(
        "SELECT failed_attempts, locked_at IS NOT NULL AS locked FROM lock_paths WHERE user_id = $1 AND path = 'account'",
        [raced.id],
      );
      expect(lock).toEqual({ failed_attempts: MAX_ATTEMPTS, locked: true });
      for (const who of [account, raced]) {
        await expect
          .poll(
            async () =>
              (await resendState()).emails.filter((email) => email.to === who.email && email.html.includes("/deverrouillage/")).length,
          )
          .toBe(1);
      }
    });

    test("a rate limit reached through A holds on B", async () => {
      // RATE_LIMIT_EMAIL_PER_ADDRESS is 3 on this stage.
      const { email } = await confirmedAccount("limit");
      const request = await browserLike();
      for (let n = 0; n < 3; n++)
        expect((await post(request, A, "/mot-de-passe-oublie", { email })).text).toContain(french("notices.resetRequested"));
      const before = await metricValue(B, 'sesame_rate_limited_total{bucket="emailAddress"}');
      expect((await post(request, B, "/mot-de-passe-oublie", { email })).text).toContain(french("errors.rateLimited"));
      expect((await post(request, A, "/mot-de-passe-oublie", { email })).text).toContain(french("errors.rateLimited"));
      expect(await metricValue(B, 'sesame_rate_limited_total{bucket="emailAddress"}')).toBe(before + 1);
      await request.dispose();
    });

    test('a session opened on A works on B, and "sign out everywhere" on B ends it on A', async () => {
      const account = await confirmedAccount("session");
      const request = await browserLike();
      expect(await signInVia(request, A, account.email, PASSWORD)).toContain("/compte");
      for (const base of [A, B]) expect((await request.get(`${base}/compte`, { maxRedirects: 0 })).status()).toBe(200);
      // Another browser of the same person, signed in on B.
      const other = await browserLike();
      expect(await signInVia(other, B, account.pseudo, PASSWORD)).toContain("/compte");

      const ended = await post(request, B, "/compte", {}, { button: "Se déconnecter partout" });
      expect(ended.location).toContain("notice=signedOut");
      for (const jar of [request, other])
        for (const base of [A, B])
          expect((await jar.get(`${base}/compte`, { maxRedirects: 0 })).headers()["location"] ?? "").toContain("/connexion");
      await Promise.all([request.dispose(), other.dispose()]);
    });

    test("a burst of 50 emails is sent exactly once each by both deliverers, and stopping A mid-burst loses none", async () => {
      test.setTimeout(180_000);
      // Each send takes Resend 200 ms, so the burst lasts long enough to stop A in the middle of it.
      await delayResend(200);
      const burst = Array.from({ length: 50 }, () => someone("burst"));
      const contexts = await Promise.all(burst.map(() => browserLike()));
      // Ten sign-ups at a time (half on each instance): on a shared 2-core machine, 50 at once made some wait
      // past Prisma's 2 s for a connection; the emails pile up in the outbox all the same.
      for (let start = 0; start < burst.length; start += 10) {
        const batch = burst.slice(start, start + 10);
        const signedUp = await Promise.all(batch.map((person, index) => signUp(contexts[start + index]!, index % 2 ? A : B, person)));
        for (const result of signedUp) expect(result.text).toContain(french("notices.signedUp"));
      }
      const sentTo = async () => {
        const { emails } = await resendState();
        return emails.filter((email) => burst.some((person) => person.email === email.to));
      };
      await expect.poll(async () => (await sentTo()).length, { intervals: [20], timeout: 30_000 }).toBeGreaterThanOrEqual(4);

      // Requests in flight when the stop comes are answered in full.
      const late = Array.from({ length: 4 }, () => someone("late"));
      const lateContexts = await Promise.all(late.map(() => browserLike()));
      const forms = await Promise.all(lateContexts.map((request) => formOf(request, `${A}/inscription`, "pseudo")));
      const inFlight = late.map((person, index) =>
        lateContexts[index]!.post(`${A}/inscription`, {
          multipart: {
            ...Object.fromEntries(forms[index]!),
            pseudo: person.pseudo,
            email: person.email,
            password: PASSWORD,
            passwordConfirmation: PASSWORD,
          },
          headers: { origin: A },
          maxRedirects: 0,
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 30));
      const sentBeforeStop = (await sentTo()).length;
      // Mid-burst, or this test proves nothing about stopping.
      expect(sentBeforeStop).toBeLessThan(burst.length);
      const stopped = await stopInstance("a");
      expect(stopped.code, "A exits 0 once its work is done").toBe(0);
      for (const response of await Promise.all(inFlight)) {
        expect(response.status()).toBe(200);
        expect(answer(200, await response.text()).text).toContain(french("notices.signedUp"));
      }
      const everyone = [...burst, ...late];
      const everyoneSent = async () => {
        const { emails } = await resendState();
        return emails.filter((email) => everyone.some((person) => person.email === email.to));
      };
      // B sends the rest (what A gave back at once, not after its lease).
      await expect.poll(async () => (await everyoneSent()).length, { timeout: 60_000 }).toBe(everyone.length);
      const sent = await everyoneSent();
      expect(new Set(sent.map((email) => email.to)).size).toBe(everyone.length);
      expect(sent.filter((email) => email.sends !== 1)).toEqual([]);
      // Resend counts a request when it arrives; the row is marked sent once its answer is back.
      await expect
        .poll(async () =>
          sql<{ sent: number; other: number }>(
            `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status <> 'sent')::int AS other
             FROM outbox_emails WHERE "to" = ANY($1)`,
            [everyone.map((person) => person.email)],
          ),
        )
        .toEqual([{ sent: everyone.length, other: 0 }]);
      const stopLine = (await instanceLog("a")).split("\n").find((line) => line.includes('"event":"server.stopped"'));
      const released = (await instanceLog("a")).includes('"event":"mail.leases_released"');
      test.info().annotations.push({
        type: "stop",
        description: `${sentBeforeStop} of ${burst.length} sent when A got SIGTERM; A exited in ${stopped.ms} ms${released ? ", giving back leases" : ""}: ${stopLine ?? "no line"}`,
      });
      const { poolerTransactions } = await stageState();
      // Through the pooler, the app's transactions went through PgBouncer (each sign-up and each send takes several; the migrations did not: DIRECT_DATABASE_URL).
      if (via === "pgbouncer") expect(poolerTransactions).toBeGreaterThan(everyone.length * 3);
      test.info().annotations.push({ type: "pooler", description: `PgBouncer carried ${poolerTransactions ?? 0} transactions` });
      await delayResend(0);
      await Promise.all([...contexts, ...lateContexts].map((request) => request.dispose()));
      await startInstance("a");
    });
  });
}
