import { request as httpRequest } from "node:http";
import { isIP } from "node:net";
import { readdirSync } from "node:fs";
import { test, expect, type APIRequestContext } from "@playwright/test";
import { hostileURL } from "../../playwright.config";
import { env } from "../../lib/env";
import {
  apiContext,
  answer,
  confirmedAccount,
  emailedLink,
  french,
  formOf,
  postCredentials,
  postForm,
  resendState,
  restartApp,
  sql,
  type Posted,
} from "./stage";
import { emailLinkRoutes } from "../../lib/flows";

// What a hostile probe of a production build found (issue 18), each one
// attacked again here as the prober did: forged client addresses, one
// limit's bucket reached from another form, malformed server-action
// requests, headers on paths no matcher foresaw, links left in the outbox,
// the server bound to 127.0.0.1.

test.describe.configure({ mode: "serial" });

const PASSWORD = "Givre-Tulipe-Kayak-73";
const WRONG = "Wrong-Password-000";
let forged = 0;
/** A new forged address each time, as the prober rotated them. */
const forgedFor = () => ({ "x-forwarded-for": `203.0.113.${++forged % 250}` });
const limited = (result: Posted) =>
  result.text.includes(french("errors.rateLimited")) || (result.location ?? "").includes("code=rateLimited");

async function journalAddresses(userId: string): Promise<string[]> {
  return (await sql<{ ip: string }>("SELECT ip FROM security_events WHERE user_id = $1 ORDER BY created_at", [userId])).map(
    (row) => row.ip,
  );
}

/** The app restarted with these settings, and every limit's count back at zero (the suites before spent the loopback's). */
async function restartWith(settings: Record<string, string>): Promise<void> {
  await restartApp(settings);
  await sql("DELETE FROM rate_limits");
}

test.afterAll(async () => {
  // The next suites get the stage as it was.
  await restartApp();
});

test.describe("per-IP limits with TRUST_PROXY unset: a forged X-Forwarded-For changes nothing", () => {
  let request: APIRequestContext;
  test.beforeAll(async () => {
    await restartWith({ RATE_LIMIT_EMAIL_PER_IP: "3", RATE_LIMIT_SIGNIN_PER_IP: "4", RATE_LIMIT_SIGNUP_PER_IP: "2" });
    request = await apiContext();
  });
  test.afterAll(async () => request.dispose());

  test("reset requests stop at the per-IP limit however the header rotates", async () => {
    const outcomes = [];
    for (let n = 0; n < 6; n++)
      outcomes.push(
        limited(await postForm(request, "/mot-de-passe-oublie", { email: `probe-reset${n}@example.test` }, "email", forgedFor())),
      );
    expect(outcomes).toEqual([false, false, false, true, true, true]);
  });

  test("sign-ins stop at the per-IP limit through the form and through Auth.js's endpoint alike", async () => {
    const outcomes = [];
    for (let n = 0; n < 6; n++) {
      const identifier = `probe-nobody${n}`;
      const result =
        n % 2
          ? await postCredentials(request, identifier, WRONG, forgedFor())
          : await postForm(request, "/connexion", { identifier, password: WRONG }, "identifier", forgedFor());
      outcomes.push(limited(result));
    }
    expect(outcomes).toEqual([false, false, false, false, true, true]);
  });

  test("sign-ups stop at the per-IP limit, before any password is judged", async () => {
    const outcomes = [];
    for (let n = 0; n < 3; n++) {
      const password = `Ortie-Galet-Brume-${50 + n}`;
      outcomes.push(
        limited(
          await postForm(
            request,
            "/inscription",
            { pseudo: `probesign${n}`, email: `probesign${n}@example.test`, password, passwordConfirmation: password },
            "pseudo",
            forgedFor(),
          ),
        ),
      );
    }
    expect(outcomes).toEqual([false, false, true]);
    // A common password from an address whose quota is spent: the limit answers, not the strength estimate.
    const weak = await postForm(
      request,
      "/inscription",
      { pseudo: "probesign9", email: "probesign9@example.test", password: "azertyuiop", passwordConfirmation: "azertyuiop" },
      "pseudo",
      forgedFor(),
    );
    expect(limited(weak)).toBe(true);
    expect(weak.text).not.toContain(french("errors.passwordTooCommon"));
  });

  test("the journal holds the TCP peer's address, never what the client wrote", async () => {
    const [row] = await sql<{ ip: string }>("SELECT ip FROM security_events WHERE user_id IS NULL ORDER BY created_at DESC LIMIT 1");
    expect(isIP(row!.ip)).not.toBe(0);
    expect(["127.0.0.1", "::1"]).toContain(row!.ip);
    const forgedRows = await sql("SELECT 1 FROM security_events WHERE ip LIKE '203.0.113.%' OR ip !~ '^[0-9a-f:.]+$'");
    expect(forgedRows).toHaveLength(0);
  });
});

test.describe("with TRUST_PROXY=1, the address the proxy appended counts, and only that one", () => {
  let request: APIRequestContext;
  test.beforeAll(async () => {
    await restartWith({ TRUST_PROXY: "1", RATE_LIMIT_EMAIL_PER_IP: "3" });
    request = await apiContext();
  });
  test.afterAll(async () => request.dispose());

  test("rotating the part the client wrote does not escape the limit; another client behind the proxy has its own", async () => {
    const behindProxy = (client: string) => ({ "x-forwarded-for": `${forgedFor()["x-forwarded-for"]}, ${client}` });
    const outcomes = [];
    for (let n = 0; n < 5; n++)
      outcomes.push(
        limited(
          await postForm(request, "/mot-de-passe-oublie", { email: `probe-proxy${n}@example.test` }, "email", behindProxy("198.51.100.20")),
        ),
      );
    expect(outcomes).toEqual([false, false, false, true, true]);
    expect(
      limited(
        await postForm(request, "/mot-de-passe-oublie", { email: "probe-proxy9@example.test" }, "email", behindProxy("198.51.100.21")),
      ),
    ).toBe(false);
  });

  test("the journal records the proxy's entry; a forged copy of the internal header and a non-address entry are ignored", async () => {
    const account = await confirmedAccount(request, "probeproxy01", PASSWORD);
    await postCredentials(request, "probeproxy01", WRONG, {
      "x-forwarded-for": "6.6.6.6, 198.51.100.30",
      "x-sesame-client-address": "6.6.6.6",
    });
    await postForm(request, "/connexion", { identifier: "probeproxy01", password: WRONG }, "identifier", {
      "x-forwarded-for": "198.51.100.31",
      "x-sesame-client-address": "6.6.6.6",
    });
    await postCredentials(request, "probeproxy01", WRONG, { "x-forwarded-for": "Support: appelez 01 23 45 67 89" });
    const addresses = await journalAddresses(account.id);
    expect(addresses.slice(-3, -1)).toEqual(["198.51.100.30", "198.51.100.31"]);
    expect(["127.0.0.1", "::1"]).toContain(addresses.at(-1));
  });
});

test.describe("limits that no typed identifier reaches, and a known browser's own budget", () => {
  test.beforeAll(async () => {
    await restartWith({ RATE_LIMIT_SIGNIN_PER_ACCOUNT: "30", RATE_LIMIT_SIGNOUT_EVERYWHERE_PER_USER: "2" });
  });

  test("signing out everywhere still ends a stolen session after the thief sends 30 sign-ins named after it", async () => {
    const victim = await apiContext();
    const account = await confirmedAccount(victim, "probevictim01", PASSWORD);
    expect((await postCredentials(victim, "probevictim01", PASSWORD)).location).toContain("/compte");
    // The thief holds a copy of the victim's session cookie.
    const thief = await apiContext(await victim.storageState());
    expect((await thief.get("/compte", { maxRedirects: 0 })).status()).toBe(200);
    const attacker = await apiContext();
    for (const prefix of ["everywhere", "change", "email-change", "devices"]) {
      for (let n = 0; n < 31; n++) await postCredentials(attacker, `${prefix}:${account.id}`, WRONG);
    }
    const result = await postForm(victim, "/compte", {}, { button: "Se déconnecter partout" });
    expect(result.status).toBe(303);
    expect(result.location).toContain("/connexion?notice=signedOut");
    expect((await thief.get("/compte", { maxRedirects: 0 })).headers()["location"] ?? "").toContain("/connexion");
    expect(await sql("SELECT 1 FROM sessions WHERE user_id = $1", [account.id])).toHaveLength(0);
  });

  test("signing out everywhere over its own limit says so and ends nothing", async () => {
    const owner = await apiContext();
    const account = await confirmedAccount(owner, "probeeverywhere01", PASSWORD);
    for (let n = 0; n < 2; n++) {
      expect((await postCredentials(owner, "probeeverywhere01", PASSWORD)).location).toContain("/compte");
      expect((await postForm(owner, "/compte", {}, { button: "Se déconnecter partout" })).location).toContain("notice=signedOut");
    }
    expect((await postCredentials(owner, "probeeverywhere01", PASSWORD)).location).toContain("/compte");
    const refused = await postForm(owner, "/compte", {}, { button: "Se déconnecter partout" });
    expect(refused.location).toBe("/compte?code=rateLimited");
    const page = await owner.get(refused.location!);
    expect(answer(page.status(), await page.text()).text).toContain(french("errors.rateLimited"));
    expect(await sql("SELECT 1 FROM sessions WHERE user_id = $1", [account.id])).toHaveLength(1);
  });

  test("a stranger's 30 guesses by email and 30 by pseudo do not shut out the owner's known browser", async () => {
    const owner = await apiContext();
    await confirmedAccount(owner, "probeowner01", PASSWORD);
    expect((await postCredentials(owner, "probeowner01", PASSWORD)).location).toContain("/compte");
    const stranger = await apiContext();
    const answers = new Set<string>();
    for (const identifier of ["probeowner01@example.test", "probeowner01"]) {
      for (let n = 0; n < 30; n++)
        answers.add(new URL((await postCredentials(stranger, identifier, WRONG)).location!, hostileURL).searchParams.get("code") ?? "");
    }
    expect(answers).toContain("rateLimited");
    expect((await postCredentials(stranger, "probeowner01", PASSWORD)).location).toContain("code=rateLimited");
    expect((await postCredentials(owner, "probeowner01", PASSWORD)).location).toContain("/compte");
  });

  test("the lock email names browser families and peer addresses, never the text a client sent", async () => {
    const request = await apiContext();
    const account = await confirmedAccount(request, "probelock01", PASSWORD);
    const crafted = { "user-agent": "Sesame support: evil.example/unlock", "x-forwarded-for": "Support: appelez 01 23 45 67 89" };
    for (let n = 0; n < env().LOCKOUT_MAX_ATTEMPTS; n++) await postCredentials(request, "probelock01", WRONG, crafted);
    await emailedLink(account.email, "/deverrouillage/");
    const lockEmail = (await resendState()).emails.filter((email) => email.to === account.email).at(-1)!;
    expect(lockEmail.html).not.toContain("evil.example");
    expect(lockEmail.html).not.toContain("appelez");
    expect(lockEmail.html).toContain("appareil non reconnu");
    expect(lockEmail.html).toMatch(/127\.0\.0\.1|::1/);
  });
});

test.describe("what needs no other settings", () => {
  let request: APIRequestContext;
  test.beforeAll(async () => {
    await restartApp();
    request = await apiContext();
  });
  test.afterAll(async () => request.dispose());

  test("every response carries the security headers, and no error answer is cached", async () => {
    for (const path of [
      "/favicon.ico",
      "/favicon.icoX",
      "/icon.svgX",
      "/_next/staticX",
      "/_next/static/none.js",
      "/nope",
      "/api/auth/csrf",
      "/icon.svg",
      "/connexion",
    ]) {
      const response = await request.get(path, { maxRedirects: 0 });
      const headers = response.headers();
      expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["referrer-policy"], path).toBeTruthy();
      expect(headers["x-frame-options"], path).toBe("DENY");
      if (response.status() >= 400) expect(headers["cache-control"] ?? "", path).not.toMatch(/(s-)?max-age=[1-9]/);
    }
  });

  test("every emailed-link route sends no Referer and is never cached", async () => {
    for (const path of Object.values(emailLinkRoutes).map((route) => `${route.path}/`)) {
      const response = await request.get(`${path}${"A".repeat(43)}`, { maxRedirects: 0 });
      expect(response.headers()["referrer-policy"], path).toBe("no-referrer");
      expect(response.headers()["cache-control"], path).toContain("no-store");
    }
  });

  test("a server action that cannot be decoded answers 4xx, never 500", async () => {
    const hidden = Object.fromEntries(await formOf(request, "/mot-de-passe-oublie", "email"));
    const actionId =
      Object.keys(hidden)
        .find((name) => name.startsWith("$ACTION_ID_"))
        ?.slice("$ACTION_ID_".length) ?? Object.values(hidden)[0]!;
    const post = (body: string | Buffer, headers: Record<string, string>) =>
      request.fetch("/mot-de-passe-oublie", { method: "POST", data: body, headers: { origin: hostileURL, ...headers }, maxRedirects: 0 });
    const multipart = (fields: [string, string][]) => {
      const boundary = "----probe";
      const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
      return { body: `${parts.join("")}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
    };
    const good = multipart([...Object.entries(hidden), ["email", "probe-actions@example.test"]]);
    const many = multipart(Array.from({ length: 20_000 }, (_, n): [string, string] => [`f${n}`, "x"]));
    const nulName = multipart([...Object.entries(hidden), ["e\u0000mail", "x"]]);
    const cases: [string, string | Buffer, Record<string, string>, number[]][] = [
      ["JSON body", JSON.stringify({ email: "x" }), { "content-type": "application/json" }, [415]],
      ["text/plain body", "email=x", { "content-type": "text/plain" }, [415]],
      ["text/plain fetch action, not JSON", "{not json", { "content-type": "text/plain;charset=UTF-8", "next-action": actionId }, [400]],
      ["unknown action id", '["$K1"]', { "content-type": "text/plain;charset=UTF-8", "next-action": "0".repeat(42) }, [400, 404, 409]],
      [
        "broken multipart",
        `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb`,
        { "content-type": "multipart/form-data; boundary=x" },
        [400],
      ],
      ["NUL in a field name", nulName.body, { "content-type": nulName.type }, [400]],
      ["20,000 fields", many.body, { "content-type": many.type }, [413]],
      ["1 MB", multipart([["email", "a".repeat(1_100_000)]]).body, { "content-type": good.type }, [413]],
      ["a foreign Origin", good.body, { "content-type": good.type, origin: "https://evil.example" }, [403]],
      ["Origin null", good.body, { "content-type": good.type, origin: "null" }, [403]],
    ];
    for (const [label, body, headers, statuses] of cases) {
      const response = await post(body, headers);
      expect(statuses, `${label}: ${response.status()}`).toContain(response.status());
    }
    const accepted = await post(good.body, { "content-type": good.type });
    expect(accepted.status()).toBe(200);
  });

  test("once an email is sent, the outbox keeps no link that works", async () => {
    const account = await confirmedAccount(request, "probeoutbox01", PASSWORD);
    await postForm(request, "/mot-de-passe-oublie", { email: account.email });
    const link = await emailedLink(account.email, "/reinitialisation/");
    const token = link.split("/").at(-1)!;
    await expect
      .poll(
        async () =>
          (
            await sql<{ status: string }>(`SELECT status FROM outbox_emails WHERE "to" = $1 ORDER BY created_at DESC LIMIT 1`, [
              account.email,
            ])
          )[0]?.status,
      )
      .toBe("sent");
    const rows = await sql(`SELECT * FROM outbox_emails WHERE "to" = $1`, [account.email]);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(
      await sql(`SELECT 1 FROM outbox_emails WHERE status IN ('sent', 'failed') AND (props IS NOT NULL OR html IS NOT NULL)`),
    ).toHaveLength(0);
    // The link itself still works: only its copy in the outbox is gone.
    expect((await request.get(link)).status()).toBe(200);
  });

  test("a return path with dot segments cannot lead off the site", async () => {
    await confirmedAccount(request, "probereturn01", PASSWORD);
    for (const returnTo of ["/.//evil.example", "/..//evil.example", "/%2e%2e//evil.example", "/a/..//evil.example"]) {
      const context = await apiContext();
      const result = await postForm(context, "/connexion", { identifier: "probereturn01", password: PASSWORD, returnTo }, "identifier");
      const location = result.location ?? "";
      expect(location, returnTo).not.toMatch(/^\/\/|^https?:\/\/(?!localhost)/);
      expect(new URL(location, hostileURL).host, returnTo).toBe(new URL(hostileURL).host);
      await context.dispose();
    }
  });

  test("Auth.js's own English pages lead to ours", async () => {
    for (const [path, target] of [
      ["/api/auth/signout", "/compte"],
      ["/api/auth/verify-request", "/connexion"],
      ["/api/auth/error", "/connexion"],
      ["/api/auth/signin", "/connexion"],
    ] as const) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(302);
      expect(new URL(response.headers()["location"]!, hostileURL).pathname, path).toBe(target);
    }
  });
});

/** A request sent byte for byte (its path not normalised, as a client library would), and its status. */
function rawRequest(method: string, path: string, headers: Record<string, string>, body = ""): Promise<number> {
  const url = new URL(hostileURL);
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      { host: url.hostname, port: url.port, method, path, headers: { ...headers, "content-length": Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    sent.on("error", reject);
    sent.end(body);
  });
}

/** The id of a server action, found by its name in the scripts of the page that calls it (as a prober reads them). */
/**
 * The id of a server action a page's browser code calls: in the scripts the
 * page names, or in a chunk they load later (the passkey block is fetched once
 * the page is idle), which a stranger can fetch as well; the build's own
 * static folder lists those.
 */
async function actionIdOf(request: APIRequestContext, page: string, name: string): Promise<string> {
  const html = await (await request.get(page)).text();
  const named = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map(([, src]) => src!);
  const later = readdirSync(".next/static/chunks", { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".js"))
    .map((file) => `/_next/static/chunks/${file}`);
  for (const src of [...named, ...later]) {
    const code = await (await request.get(src)).text();
    const found = new RegExp(`createServerReference\\)\\("([0-9a-f]+)"[^)]*"${name}"\\)`).exec(code);
    if (found) return found[1]!;
  }
  throw new Error(`no action ${name} on ${page}`);
}

test.describe("framework edges a stranger reaches (issue 30, round 2)", () => {
  let request: APIRequestContext;
  test.beforeAll(async () => {
    await restartWith({});
    request = await apiContext();
  });
  test.afterAll(async () => request.dispose());

  test("an unreadable router state header answers 400 on a dynamic page and on a 404, a real one is served", async () => {
    for (const path of ["/support", "/compte", `/probe-missing-${Date.now()}`, "/connexion"]) {
      for (const state of ["x", "%5B", "%E0%A4%A", encodeURIComponent('["",1]')]) {
        expect(await rawRequest("GET", path, { rsc: "1", "next-router-state-tree": state }), `${path} ${state}`).toBe(400);
      }
    }
    const real = encodeURIComponent(JSON.stringify(["", { children: ["__PAGE__", {}] }, null, null]));
    const served = await rawRequest("GET", "/connexion", { rsc: "1", "next-router-state-tree": real });
    expect(served).toBeLessThan(500);
  });

  test("a page post behind an /api prefix that dot segments undo is guarded like any page post", async () => {
    const broken = { "content-type": "multipart/form-data; boundary=x", origin: hostileURL };
    for (const path of [
      "/api/../mot-de-passe-oublie",
      "/api/%2e%2e/mot-de-passe-oublie",
      "/api/%2E%2E/mot-de-passe-oublie",
      "/api/.%2e/mot-de-passe-oublie",
      "//api/../mot-de-passe-oublie",
      "/api\\..\\mot-de-passe-oublie",
      "/api;x/../mot-de-passe-oublie",
      "/api/auth/../../mot-de-passe-oublie",
    ]) {
      const status = await rawRequest("POST", path, broken, `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb`);
      expect(status, path).toBeGreaterThanOrEqual(400);
      expect(status, path).toBeLessThan(500);
      const noOrigin = await rawRequest("POST", path, { "content-type": "text/plain" }, "x");
      expect([400, 403, 404, 415], `${path} without Origin: ${noOrigin}`).toContain(noOrigin);
    }
  });

  test("passkey sign-in arguments React cannot decode answer 400, the client's own are answered", async () => {
    const actionId = await actionIdOf(request, "/connexion", "passkeySignInAction");
    const call = (body: string) =>
      rawRequest("POST", "/connexion", { "content-type": "text/plain;charset=UTF-8", "next-action": actionId, origin: hostileURL }, body);
    for (const body of ['["$Q1"]', '["$h1"]', '["$1"]', '["$W1"]', '["$@1"]', '{"a":1}']) expect(await call(body), body).toBe(400);
    // What the button sends for an answer the server refuses: a translated refusal, not an error.
    expect(await call(JSON.stringify([JSON.stringify({ id: "x" }), "$undefined"]))).toBe(200);
  });

  test("the passkey sign-in challenge is not handed to another site's script, which spends nothing; this site's fetch gets it", async () => {
    const spent = async () => sql("SELECT key, count FROM rate_limits WHERE key LIKE 'passkeySignIn:%' ORDER BY key");
    const challenges = async () => (await sql("SELECT count(*)::int AS n FROM passkey_challenges"))[0]!.n as number;
    const before = { spent: await spent(), challenges: await challenges() };
    for (const site of ["cross-site", "same-site"]) {
      const refused = await request.post("/api/passkeys/sign-in-options", {
        headers: { "sec-fetch-site": site, origin: "https://evil.example" },
      });
      expect(refused.status(), site).toBe(403);
      expect(refused.headers()["set-cookie"], site).toBeUndefined();
    }
    expect({ spent: await spent(), challenges: await challenges() }).toEqual(before);
    const own = await request.post("/api/passkeys/sign-in-options", { headers: { "sec-fetch-site": "same-origin" } });
    expect(own.status()).toBe(200);
    const body = (await own.json()) as { ok: boolean; options?: { challenge?: string } };
    expect(body.ok).toBe(true);
    expect(body.options?.challenge).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(own.headers()["set-cookie"]).toMatch(/SameSite=strict/i);
    expect(await challenges()).toBe(before.challenges + 1);
  });

  test("a server action without Origin is refused, unless Sec-Fetch-Site says it comes from this very site", async () => {
    const hidden = await formOf(request, "/mot-de-passe-oublie", "email");
    const multipart: Record<string, string> = Object.fromEntries(hidden);
    multipart.email = "probe-no-origin@example.test";
    const before = await sql("SELECT 1 FROM outbox_emails WHERE \"to\" = 'probe-no-origin@example.test'");
    const refused = await request.post("/mot-de-passe-oublie", { multipart, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    for (const site of ["cross-site", "same-site", "none"]) {
      const forged = await request.post("/mot-de-passe-oublie", { multipart, headers: { "sec-fetch-site": site }, maxRedirects: 0 });
      expect(forged.status(), site).toBe(403);
    }
    expect(await sql("SELECT 1 FROM outbox_emails WHERE \"to\" = 'probe-no-origin@example.test'")).toHaveLength(before.length);
    const sameOrigin = await request.post("/mot-de-passe-oublie", {
      multipart,
      headers: { "sec-fetch-site": "same-origin" },
      maxRedirects: 0,
    });
    expect(sameOrigin.status()).toBe(200);
  });

  test("the console's 404 is a missing page's 404: same status, title, text and size", async () => {
    const ordinary = await apiContext();
    await confirmedAccount(ordinary, "probeordinary01", PASSWORD);
    expect((await postCredentials(ordinary, "probeordinary01", PASSWORD)).location).toContain("/compte");
    const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
    // The text a reader sees (the language switch's link names the path asked for).
    const visible = (html: string) =>
      answer(404, html)
        .text.replace(/<[^>]*>/g, " ")
        .replace(/\s+/g, " ");
    for (const [who, context] of [
      ["signed out", request],
      ["an ordinary user", ordinary],
    ] as const) {
      // Paths as long as /support: the payload repeats the path asked for, a few bytes each time.
      for (const missing of ["/supporr", "/xupport", `/p${Date.now().toString(36).slice(-7)}`]) {
        const consolePage = await context.get("/support", { maxRedirects: 0 });
        const missingPage = await context.get(missing, { maxRedirects: 0 });
        const [a, b] = [await consolePage.text(), await missingPage.text()];
        expect([consolePage.status(), missingPage.status()], `${who} ${missing}`).toEqual([404, 404]);
        expect(titleOf(a), `${who} ${missing}`).toBe(titleOf(b));
        expect(visible(a), `${who} ${missing}`).toBe(visible(b));
        // The RSC payload names the path asked for: a few bytes apart, never a layout apart.
        expect(Math.abs(a.length - b.length), `${who} ${missing}: ${a.length} vs ${b.length}`).toBeLessThan(a.length * 0.03);
      }
      // Below the console, too: the 404 of every path that does not exist.
      const below = await context.get("/support/inconnu", { maxRedirects: 0 });
      const belowHtml = await below.text();
      expect(below.status()).toBe(404);
      expect(titleOf(belowHtml)).toBe(titleOf(await (await context.get("/support")).text()));
    }
    await ordinary.dispose();
  });

  test("a search another site sends the agent's browser to is not run: no journal line, no budget spent, no idle clock reset", async () => {
    const agent = await apiContext();
    const account = await confirmedAccount(agent, "hostileagent", PASSWORD);
    expect((await postCredentials(agent, "hostileagent@example.test", PASSWORD)).location).not.toContain("error");
    expect((await agent.get("/support", { headers: { "sec-fetch-site": "same-origin" } })).status()).toBe(200);
    const state = async () => ({
      searches: (await sql("SELECT 1 FROM security_events WHERE type = 'support.search' AND actor_id = $1", [account.id])).length,
      budget: await sql("SELECT key, count, window_start FROM rate_limits WHERE key LIKE 'supportSearch:%' ORDER BY key"),
      seen: await sql("SELECT id, support_seen_at FROM sessions WHERE user_id = $1 ORDER BY id", [account.id]),
    });
    const before = await state();
    for (const site of ["cross-site", "same-site"]) {
      const page = await agent.get(`/support?q=probe-${site}`, {
        headers: { "sec-fetch-site": site, "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" },
      });
      expect(page.status(), site).toBe(200);
      const shown = answer(200, await page.text()).text;
      expect(shown, site).toContain(french("support.searchNotRun"));
      expect(shown, site).toContain(`value="probe-${site}"`);
    }
    expect(await state()).toEqual(before);
    // The agent's own press of the button runs it.
    const own = await agent.get("/support?q=probe-own", { headers: { "sec-fetch-site": "same-origin" } });
    expect(answer(200, await own.text()).text).not.toContain(french("support.searchNotRun"));
    expect((await state()).searches).toBe(before.searches + 1);
    // The support suite counts this agent's searches from zero.
    await sql("DELETE FROM rate_limits WHERE key LIKE 'supportSearch:%'");
    await agent.dispose();
  });
});

test("bound to 127.0.0.1, as behind a proxy on the same host, the server serves every page", async () => {
  await restartApp({}, "127.0.0.1");
  const base = `http://127.0.0.1:${new URL(hostileURL).port}`;
  for (const path of [
    "/connexion",
    "/connexion?notice=confirmed",
    "/inscription",
    "/mot-de-passe-oublie",
    "/confirmation",
    "/deverrouillage",
    "/aide",
    "/confirmation?code=invalidLink",
    "/confirmation?error=invalidLink",
  ]) {
    expect((await fetch(`${base}${path}`, { headers: { "accept-language": "fr" } })).status, path).toBe(200);
  }
  expect((await fetch(`${base}/compte`, { redirect: "manual" })).status).toBe(307);
});
