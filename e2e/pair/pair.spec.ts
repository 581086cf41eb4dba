import { readdirSync } from "node:fs";
import { test, expect, type APIRequestContext } from "@playwright/test";
import * as client from "openid-client";
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

// --- Sign in with Sésame across both instances ---------------------------------
// Behind a load balancer both instances answer at one public address: both are
// started with A's APP_URL, so the issuer each one announces and signs with is
// `${A}/oidc`, and openid-client checks that one issuer whichever instance
// answered. The load balancer is modelled by rewriting where each request goes:
// the application's requests through openid-client's customFetch (`via`), the
// browser's by `on(base, location)`; one cookie jar holds the browser's cookies
// for both, as cookies are per host and not per port. scripts/e2e-pair-server.mjs
// registers the application.
const APPLICATION = {
  id: "e2e-pair-app",
  secret: "e2e-pair-app-secret-e2e-pair-app-secret",
  callback: "http://127.0.0.1/e2e-pair-app/callback",
};

/** The same path and query, sent to one instance: where the load balancer sends that request. */
const on = (base: string, location: string) => {
  const url = new URL(location, A);
  return `${base}${url.pathname}${url.search}`;
};

/** openid-client as the application, each of its requests sent to the instance `route.via` names at that moment. */
async function application(route: { via: string; seen: string[] }): Promise<client.Configuration> {
  const routed: client.CustomFetch = (url, options) => {
    const target = on(route.via, url);
    route.seen.push(`${new URL(target).port} ${new URL(target).pathname}`);
    return fetch(target, options as RequestInit);
  };
  const config = await client.discovery(new URL(`${A}/oidc`), APPLICATION.id, undefined, client.ClientSecretBasic(APPLICATION.secret), {
    execute: [client.allowInsecureRequests],
    [client.customFetch]: routed,
  });
  config[client.customFetch] = routed;
  // The ID token is verified against the JWKS (fetched from whichever instance the route names): both sign with OIDC_JWKS.
  client.enableNonRepudiationChecks(config);
  return config;
}

/** A GET of the browser that is not followed: the redirect's location. */
async function redirectOf(request: APIRequestContext, url: string): Promise<string> {
  const response = await request.get(url, { maxRedirects: 0 });
  expect([302, 303], `${url} answered ${response.status()}`).toContain(response.status());
  return response.headers()["location"] ?? "";
}

/**
 * One person's authorization, crossing instances as a load balancer may send
 * it: the request and the sign-in on `first`, the login step finished and the
 * consent given on `second`, the provider resuming on `first` again. Returns
 * the callback URL the application receives.
 */
async function crossedAuthorization(
  request: APIRequestContext,
  config: client.Configuration,
  account: { email: string },
  first: string,
  second: string,
) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: APPLICATION.callback,
    scope: "openid email profile",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
  });
  // The provider names its endpoints after the Host it was asked on (a load balancer passes the public one on); here
  // that is whichever instance answered the discovery, and only the path matters: `on` sends it where the test says.
  expect(url.pathname).toBe("/oidc/auth");
  const interaction = await redirectOf(request, on(first, url.href));
  expect(new URL(interaction, A).pathname).toMatch(/^\/oidc\/interaction\/[\w-]+$/);
  const uid = new URL(interaction, A).pathname.split("/").pop()!;
  expect(await redirectOf(request, on(first, interaction))).toContain("/connexion?returnTo=");
  expect(await signInVia(request, first, account.email, PASSWORD)).toContain("/compte");
  // The login step, finished by the other instance: it reads the interaction from the database and the Auth.js session cookie.
  const resumeLogin = await redirectOf(request, on(second, interaction));
  expect(new URL(resumeLogin, A).pathname).toBe(`/oidc/auth/${uid}`);
  const consentStep = await redirectOf(request, on(first, resumeLogin));
  // The consent step is an interaction of its own.
  expect(new URL(consentStep, A).pathname).toMatch(/^\/oidc\/interaction\/[\w-]+$/);
  const consentUid = new URL(consentStep, A).pathname.split("/").pop()!;
  expect(new URL(await redirectOf(request, on(second, consentStep)), A).pathname).toMatch(new RegExp(`/autorisation/${consentUid}$`));
  const decided = await request.post(on(second, `/oidc/interaction/${consentUid}/decision`), {
    data: { decision: "allow" },
    headers: { "content-type": "application/json", "sec-fetch-site": "same-origin" },
  });
  expect(decided.status()).toBe(200);
  const { location } = (await decided.json()) as { location: string };
  const callback = new URL(await redirectOf(request, on(first, location)));
  expect(callback.href.startsWith(APPLICATION.callback)).toBe(true);
  expect(callback.searchParams.get("code")).toBeTruthy();
  return { callback, checks: { pkceCodeVerifier: verifier, expectedState: state } };
}

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

    test("Sign in with Sésame crosses instances: authorized on A, consented on B, code at B, userinfo at A, refresh rotated at B, the old refresh token refused at A", async () => {
      const account = await confirmedAccount("oidcflow");
      const request = await browserLike();
      const route = { via: B, seen: [] as string[] };
      const config = await application(route);
      expect(config.serverMetadata().issuer).toBe(`${A}/oidc`);

      const { callback, checks } = await crossedAuthorization(request, config, account, A, B);
      route.via = B;
      const tokens = await client.authorizationCodeGrant(config, callback, checks);
      const claims = tokens.claims()!;
      expect(claims).toMatchObject({ iss: `${A}/oidc`, aud: APPLICATION.id });
      expect(claims.sub).not.toContain(account.id);
      expect(tokens.refresh_token).toBeTruthy();

      route.via = A;
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      expect(info).toMatchObject({ sub: claims.sub, email: account.email, email_verified: true, preferred_username: account.pseudo });

      route.via = B;
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
      expect(refreshed.refresh_token).toBeTruthy();
      expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
      expect(refreshed.claims()?.sub).toBe(claims.sub);
      route.via = A;
      await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
      // Each step went where it was sent (the JWKS too, from B, to verify the ID token).
      expect(route.seen).toEqual(
        expect.arrayContaining([
          `${new URL(B).port} /oidc/token`,
          `${new URL(B).port} /oidc/jwks`,
          `${new URL(A).port} /oidc/me`,
          `${new URL(A).port} /oidc/token`,
        ]),
      );
      await request.dispose();
    });

    test('Sign in with Sésame: "Se déconnecter partout" on A ends the refresh token at B', async () => {
      const account = await confirmedAccount("oidcout");
      const request = await browserLike();
      const route = { via: A, seen: [] as string[] };
      const config = await application(route);
      // The other way round this time: the request and sign-in on B, the consent on A.
      const { callback, checks } = await crossedAuthorization(request, config, account, B, A);
      route.via = A;
      const tokens = await client.authorizationCodeGrant(config, callback, checks);
      route.via = B;
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);

      const ended = await post(request, A, "/compte", {}, { button: "Se déconnecter partout" });
      expect(ended.location).toContain("notice=signedOut");
      await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
      await request.dispose();
    });
  });
}
