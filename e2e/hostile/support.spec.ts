import { test, expect, type APIRequestContext } from "@playwright/test";
import {
  answer,
  apiContext,
  changed,
  confirmedAccount,
  formOf,
  french,
  postCredentials,
  postForm,
  resendState,
  restartApp,
  snapshot,
  sql,
} from "./stage";
import { hostileURL } from "../../playwright.config";
import { env } from "../../lib/env";

// The support console against direct requests: every page and every action,
// posted as a browser without JavaScript posts it (from this site, with the
// right Origin), answers 404 to the signed-out, to ordinary users and to an
// agent whose address left SUPPORT_STAFF, and changes nothing; no token,
// digest or email body ever appears in a /support answer; searches are limited.

test.describe.configure({ mode: "serial" });

const PASSWORD = "Givre-Tulipe-Kayak-73";
const stamp = Date.now().toString(36);
const actions = [
  "Renvoyer l’email de confirmation",
  "Déverrouiller le compte",
  "Envoyer un lien de réinitialisation",
  "Déconnecter toutes les sessions",
  "Réautoriser l’adresse",
];

let agent: APIRequestContext;
let target: { id: string; email: string };
let requestId: string;

async function signedIn(pseudo: string): Promise<APIRequestContext> {
  const context = await apiContext();
  await confirmedAccount(context, pseudo, PASSWORD);
  const signed = await postCredentials(context, `${pseudo}@example.test`, PASSWORD);
  expect(signed.location, `sign-in of ${pseudo}`).not.toContain("error");
  return context;
}

const accountPath = () => `/support/comptes/${target.id}`;
const pages = () => ["/support", `/support?q=${stamp}`, "/support/demandes", accountPath()];

/** Every action form as the agent's page holds it: its hidden fields, with a reason. */
async function actionForms(): Promise<{ path: string; fields: Record<string, string> }[]> {
  const forms = [];
  for (const button of actions) {
    const hidden = await formOf(agent, accountPath(), { button });
    forms.push({ path: accountPath(), fields: { ...Object.fromEntries(hidden), reason: "motif de test" } });
  }
  const handled = await formOf(agent, "/support/demandes", { button: "Traitée" });
  // The action of any "Traitée" button, aimed at this spec's request.
  forms.push({ path: "/support/demandes", fields: { ...Object.fromEntries(handled), requestId } });
  return forms;
}

async function post(context: APIRequestContext, path: string, fields: Record<string, string>) {
  const response = await context.post(path, { multipart: fields, headers: { origin: hostileURL }, maxRedirects: 0 });
  return answer(response.status(), await response.text(), response.headers()["location"] ?? null);
}

test.beforeAll(async () => {
  agent = await signedIn("hostileagent");
  const owner = await apiContext();
  target = await confirmedAccount(owner, `target${stamp}`, PASSWORD);
  // The stage passes this process's environment on: the server locks at the same maximum.
  for (let attempt = 0; attempt < env().LOCKOUT_MAX_ATTEMPTS; attempt++)
    await postCredentials(owner, target.email, `Wrong-Password-${attempt}x`);
  await postForm(
    owner,
    "/aide",
    { email: target.email, subject: `Bloqué ${stamp}`, message: "Je n’arrive pas à me connecter." },
    "subject",
  );
  const [row] = await sql<{ id: string }>("SELECT id FROM contact_requests WHERE email = $1", [target.email]);
  requestId = row!.id;
  expect((await sql("SELECT 1 FROM lock_paths WHERE user_id = $1 AND locked_at IS NOT NULL", [target.id])).length).toBe(1);
});

test("the signed-out and ordinary users get 404 on every page and every action, which changes nothing", async () => {
  const forms = await actionForms();
  const visitor = await apiContext();
  const ordinary = await signedIn(`ordinary${stamp}`);
  const notFoundPage = await (await visitor.get("/introuvable")).text();
  for (const [who, context] of [
    ["signed out", visitor],
    ["ordinary user", ordinary],
  ] as const) {
    for (const path of pages()) {
      const response = await context.get(path);
      expect(response.status(), `${who}: GET ${path}`).toBe(404);
      expect(answer(404, await response.text()).text, `${who}: GET ${path}`).toContain(french("errors.notFoundTitle"));
    }
    const before = await snapshot();
    for (const form of forms) {
      const posted = await post(context, form.path, form.fields);
      expect(posted.status, `${who}: ${form.fields.action ?? "handled"}`).toBe(404);
      expect(posted.location).toBeNull();
    }
    expect(changed(before, await snapshot()), who).toEqual([]);
  }
  expect(notFoundPage).toBeTruthy();
});

test("an agent's action needs a reason, and otherwise runs, journaled with the agent and the reason", async () => {
  const [form] = (await actionForms()).filter((candidate) => candidate.fields.action === "unlock");
  const before = await snapshot();
  const empty = await post(agent, form!.path, { ...form!.fields, reason: "  " });
  expect(empty.status).toBe(303);
  expect(empty.location).toContain("code=required");
  const multiline = await post(agent, form!.path, { ...form!.fields, reason: "ligne\nBcc: x" });
  expect(multiline.location).toContain("code=singleLine");
  // Only the agent's console session moved (its last /support request).
  expect(changed(before, await snapshot())).toEqual(["sessions"]);
  const crossSite = await agent.post(form!.path, { multipart: form!.fields, headers: { origin: "https://evil.example" }, maxRedirects: 0 });
  expect(crossSite.status()).toBe(403);

  const done = await post(agent, form!.path, { ...form!.fields, reason: "Appel vérifié" });
  expect(done.status).toBe(303);
  expect(done.location).toContain("done=1");
  expect(await sql("SELECT 1 FROM lock_paths WHERE user_id = $1 AND locked_at IS NOT NULL", [target.id])).toEqual([]);
  const [agentRow] = await sql<{ id: string }>("SELECT id FROM users WHERE email = 'hostileagent@example.test'");
  expect(await sql("SELECT actor_id, reason FROM security_events WHERE user_id = $1 AND type = 'support.unlocked'", [target.id])).toEqual([
    { actor_id: agentRow!.id, reason: "Appel vérifié" },
  ]);
  const view = answer(200, await (await agent.get(`${accountPath()}?action=unlock&done=1`)).text());
  expect(view.text).toContain("Action effectuée.");
});

test("no /support answer holds a token, a digest, a password hash or an email's body or link", async () => {
  // Every kind of email the account can be sent, so that each has a token to look for.
  for (const form of (await actionForms()).filter((candidate) =>
    ["sendReset", "resendConfirmation"].includes(candidate.fields.action ?? ""),
  ))
    await post(agent, form.path, form.fields);
  await expect.poll(async () => (await resendState()).emails.filter((email) => email.to === target.email).length).toBeGreaterThanOrEqual(2);
  const emails = (await resendState()).emails.filter((email) => email.to === target.email);
  const tokens = emails.flatMap((email) => [...email.html.matchAll(/\/([A-Za-z0-9_-]{43})(?=["&?#])/g)].map((match) => match[1]!));
  expect(tokens.length).toBeGreaterThan(0);
  const digests = (await sql<{ token_hash: string }>("SELECT token_hash FROM tokens WHERE user_id = $1", [target.id])).map(
    (row) => row.token_hash,
  );
  const [{ password_hash: hash } = { password_hash: "" }] = await sql<{ password_hash: string }>(
    "SELECT password_hash FROM users WHERE id = $1",
    [target.id],
  );
  const bodies = ["Déverrouillez-le avec le bouton ci-dessous", "/deverrouillage/", "/reinitialisation/", "/confirmation/"];

  for (const path of [...pages(), `/support?q=${encodeURIComponent(target.email)}`]) {
    const response = await agent.get(path);
    expect(response.status(), path).toBe(200);
    const raw = await response.text();
    const rsc = await (await agent.get(path, { headers: { rsc: "1" } })).text();
    for (const body of [raw, rsc]) {
      for (const secret of [...tokens, ...digests, hash]) expect(body, `${path} leaks a secret`).not.toContain(secret);
      for (const text of bodies) expect(answer(200, body).text, `${path} shows an email body`).not.toContain(text);
    }
  }
  const view = answer(200, await (await agent.get(accountPath())).text()).text;
  expect(view).toContain("Choisissez un nouveau mot de passe Sésame");
  expect(view).toContain("Réinitialisation du mot de passe");
});

test("an agent removed from SUPPORT_STAFF gets 404 everywhere at the next request, and their posts change nothing", async () => {
  const forms = await actionForms();
  try {
    await restartApp({ SUPPORT_STAFF: "someone-else@example.test" });
    for (const path of pages()) expect((await agent.get(path)).status(), `GET ${path}`).toBe(404);
    // Still signed in: the 404 is the list, not a lost session.
    expect((await agent.get("/compte", { maxRedirects: 0 })).status()).toBe(200);
    const before = await snapshot();
    for (const form of forms) expect((await post(agent, form.path, form.fields)).status, form.fields.action ?? "handled").toBe(404);
    expect(changed(before, await snapshot())).toEqual([]);
    expect(await sql("SELECT status FROM contact_requests WHERE id = $1", [requestId])).toEqual([{ status: "open" }]);
  } finally {
    await restartApp();
  }
});

test("an agent's searches are limited (RATE_LIMIT_SUPPORT_SEARCH_PER_AGENT), and each is journaled", async () => {
  const [agentRow] = await sql<{ id: string }>("SELECT id FROM users WHERE email = 'hostileagent@example.test'");
  const limited = french("errors.rateLimited");
  const answers: boolean[] = [];
  for (let search = 0; search < 20 && !answers.includes(true); search++) {
    answers.push(answer(200, await (await agent.get(`/support?q=target${stamp}`)).text()).text.includes(limited));
  }
  expect(answers.at(-1)).toBe(true);
  expect(answers.length).toBeLessThanOrEqual(16);
  const [{ count }] = (await sql<{ count: string }>(
    "SELECT count(*) FROM security_events WHERE type = 'support.search' AND actor_id = $1",
    [agentRow!.id],
  )) as [{ count: string }];
  expect(Number(count)).toBeGreaterThanOrEqual(answers.length - 1);
});
