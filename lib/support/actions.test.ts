import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { advanceClock, resetClock } from "@/lib/clock";
import { env, resetEnvForTests } from "@/lib/env";
import { authenticate } from "@/lib/auth/authenticate";
import { listLockPaths, lockoutSettings } from "@/lib/auth/lockout";
import { submitContactRequest } from "@/lib/support/contact";
import { client, createUser, emailsTo, freshClient, openSession, PASSWORD } from "@/lib/testing/factories";
import { checkAgent, type Agent } from "./agents";
import { listContactRequests, markRequestHandled, runSupportAction } from "./actions";
import { accountView, searchAccounts } from "./console";

let agent: Agent;

beforeAll(async () => {
  const user = await createUser();
  process.env.SUPPORT_STAFF = user.email;
  resetEnvForTests();
  const check = await checkAgent(user.id, await openSession(user.id, client));
  if (check.kind !== "agent") throw new Error("setup: not an agent");
  agent = check.agent;
});

afterEach(() => resetClock());

async function lockedUser() {
  const user = await createUser();
  for (let attempt = 0; attempt < lockoutSettings().maxAttempts; attempt++)
    await authenticate({ identifier: user.email, password: "wrong-password-1" }, freshClient());
  return user;
}

const journalOf = (userId: string, type: string) =>
  db.securityEvent.findMany({ where: { userId, type }, select: { actorId: true, reason: true } });

describe("support actions", () => {
  it("unlocks every lock path, emails the user, and journals the agent and the reason", async () => {
    const user = await lockedUser();
    expect((await listLockPaths(user.id))[0]!.lockedUntil).not.toBeNull();
    expect(await runSupportAction("unlock", { agent, userId: user.id, reason: "Appel du 2 décembre" }, client)).toEqual({ ok: true });
    expect(await listLockPaths(user.id)).toEqual([]);
    expect(await journalOf(user.id, "support.unlocked")).toEqual([{ actorId: agent.id, reason: "Appel du 2 décembre" }]);
    const last = (await emailsTo(user.email)).at(-1)!;
    expect(last.subject).toBe("Votre compte Sésame a été déverrouillé par le support");
    expect((await authenticate({ identifier: user.email, password: PASSWORD }, freshClient())).ok).toBe(true);
  });

  it("sends a confirmation email to an unconfirmed account, and refuses a confirmed one without journaling", async () => {
    const unconfirmed = await createUser({ confirmed: false });
    expect(await runSupportAction("resendConfirmation", { agent, userId: unconfirmed.id, reason: "Email perdu" }, client)).toEqual({
      ok: true,
    });
    expect((await emailsTo(unconfirmed.email)).map((email) => email.template)).toEqual(["confirm-account"]);
    expect(await journalOf(unconfirmed.id, "support.confirmation_resent")).toEqual([{ actorId: agent.id, reason: "Email perdu" }]);
    // The address is still unconfirmed: only the link in the user's mailbox confirms it.
    expect((await db.user.findUniqueOrThrow({ where: { id: unconfirmed.id } })).emailVerified).toBeNull();

    const confirmed = await createUser();
    expect(await runSupportAction("resendConfirmation", { agent, userId: confirmed.id, reason: "x" }, client)).toEqual({
      ok: false,
      code: "alreadyConfirmed",
    });
    expect(await journalOf(confirmed.id, "support.confirmation_resent")).toEqual([]);
    expect(await emailsTo(confirmed.email)).toEqual([]);
  });

  it("sends a reset link to the account's own address, leaving the password as it was", async () => {
    const user = await createUser();
    expect(await runSupportAction("sendReset", { agent, userId: user.id, reason: "Mot de passe oublié" }, client)).toEqual({ ok: true });
    const [email] = await emailsTo(user.email);
    expect(email!.template).toBe("reset-password");
    expect(email!.html).toContain("/reinitialisation/");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(user.passwordHash);
    expect(await journalOf(user.id, "support.reset_sent")).toEqual([{ actorId: agent.id, reason: "Mot de passe oublié" }]);
  });

  it("ends every session and forgets every browser of the user, and emails them", async () => {
    const user = await createUser();
    await authenticate({ identifier: user.email, password: PASSWORD }, freshClient());
    await openSession(user.id, client);
    expect(await db.knownDevice.count({ where: { userId: user.id } })).toBe(1);
    expect(await runSupportAction("signOutEverywhere", { agent, userId: user.id, reason: "Téléphone volé" }, client)).toEqual({ ok: true });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.knownDevice.count({ where: { userId: user.id } })).toBe(0);
    expect((await emailsTo(user.email)).at(-1)!.template).toBe("support-signed-out");
    expect(await journalOf(user.id, "support.signed_out")).toEqual([{ actorId: agent.id, reason: "Téléphone volé" }]);
  });

  it("lifts a suppression of the account's address, and says so when there is none", async () => {
    const user = await createUser();
    await db.suppressedAddress.create({ data: { email: user.email, reason: "bounce" } });
    expect(await runSupportAction("liftSuppression", { agent, userId: user.id, reason: "Boîte réparée" }, client)).toEqual({ ok: true });
    expect(await db.suppressedAddress.count({ where: { email: user.email } })).toBe(0);
    expect(await journalOf(user.id, "support.suppression_lifted")).toEqual([{ actorId: agent.id, reason: "Boîte réparée" }]);
    expect(await runSupportAction("liftSuppression", { agent, userId: user.id, reason: "encore" }, client)).toEqual({
      ok: false,
      code: "notSuppressed",
    });
    expect(await journalOf(user.id, "support.suppression_lifted")).toHaveLength(1);
  });

  it("refuses every action from a session signed in more than SUPPORT_ACTION_SESSION_MINUTES ago, changing nothing", async () => {
    const user = await lockedUser();
    advanceClock((env().SUPPORT_ACTION_SESSION_MINUTES + 1) * 60_000);
    const before = (await emailsTo(user.email)).length;
    expect(await runSupportAction("unlock", { agent, userId: user.id, reason: "trop tard" }, client)).toEqual({
      ok: false,
      code: "reauthenticate",
    });
    expect(await db.lockPath.count({ where: { userId: user.id, lockedAt: { not: null } } })).toBe(1);
    expect(await emailsTo(user.email)).toHaveLength(before);
    expect(await journalOf(user.id, "support.unlocked")).toEqual([]);
  });

  it("answers noAccount for an account that does not exist", async () => {
    expect(await runSupportAction("unlock", { agent, userId: "00000000-0000-4000-8000-000000000000", reason: "x" }, client)).toEqual({
      ok: false,
      code: "noAccount",
    });
  });
});

describe("support search and account view", () => {
  it("finds accounts by exact or prefix email or pseudo, ignoring case, and journals the search", async () => {
    const user = await createUser({ pseudo: `Zorro_${Date.now()}` });
    const byPseudo = await searchAccounts(agent, user.pseudo.slice(0, 8).toUpperCase(), client);
    expect(byPseudo.ok && byPseudo.results.map((result) => result.id)).toContain(user.id);
    const byEmail = await searchAccounts(agent, user.email.toUpperCase(), client);
    expect(byEmail.ok && byEmail.results.map((result) => result.id)).toEqual([user.id]);
    const journal = await db.securityEvent.findMany({ where: { type: "support.search", actorId: agent.id }, select: { reason: true } });
    expect(journal.map((event) => event.reason)).toContain(user.email);
  });

  it("treats % and _ in a query as characters, not patterns", async () => {
    const user = await createUser({ pseudo: `a_b${Date.now()}` });
    const percent = await searchAccounts(agent, "%", client);
    expect(percent.ok && percent.results).toEqual([]);
    const underscore = await searchAccounts(agent, "a_b", client);
    expect(underscore.ok && underscore.results.map((result) => result.id)).toEqual([user.id]);
    const wildcard = await searchAccounts(agent, "a%b", client);
    expect(wildcard.ok && wildcard.results).toEqual([]);
  });

  it("rate-limits an agent's searches (RATE_LIMIT_SUPPORT_SEARCH_PER_AGENT)", async () => {
    process.env.RATE_LIMIT_SUPPORT_SEARCH_PER_AGENT = "3";
    resetEnvForTests();
    try {
      const other = await createUser();
      process.env.SUPPORT_STAFF = `${agent.email},${other.email}`;
      resetEnvForTests();
      const check = await checkAgent(other.id, await openSession(other.id, client));
      if (check.kind !== "agent") throw new Error("not an agent");
      const results = [];
      for (let i = 0; i < 4; i++) results.push((await searchAccounts(check.agent, "user_", client)).ok);
      expect(results).toEqual([true, true, true, false]);
    } finally {
      delete process.env.RATE_LIMIT_SUPPORT_SEARCH_PER_AGENT;
      process.env.SUPPORT_STAFF = agent.email;
      resetEnvForTests();
    }
  });

  it("shows locks, emails, sessions and outstanding links, never a token, digest, body or link", async () => {
    const user = await lockedUser();
    const view = await accountView(user.id);
    expect(view!.lockPaths).toEqual([
      expect.objectContaining({ path: "account", failedAttempts: lockoutSettings().maxAttempts, lockedUntil: expect.any(Date) as Date }),
    ]);
    expect(view!.emails.map((email) => email.subject)).toEqual(["Déverrouillez votre compte Sésame"]);
    expect(view!.tokens.map((token) => token.purpose)).toEqual(["unlock"]);
    const serialized = JSON.stringify(view);
    const token = await db.token.findFirstOrThrow({ where: { userId: user.id } });
    expect(serialized).not.toContain(token.tokenHash);
    expect(serialized).not.toContain("/deverrouillage/");
    expect(serialized).not.toContain(user.passwordHash);
    expect(Object.keys(view!.emails[0]!).sort()).toEqual(
      ["bounceReason", "bounceType", "createdAt", "delivery", "deliveryAt", "id", "sentAt", "subject"].sort(),
    );
  });
});

describe("contact requests", () => {
  it("lists requests newest first with the matching account, and marks one handled once, journaled", async () => {
    const user = await createUser();
    await submitContactRequest(
      { email: user.email, subject: "Premier", message: "Bonjour" },
      { userId: null, locale: "fr", client: freshClient() },
    );
    advanceClock(1000);
    await submitContactRequest(
      { email: "nobody@example.test", subject: "Second", message: "Bonjour" },
      { userId: null, locale: "fr", client: freshClient() },
    );
    const listed = await listContactRequests();
    expect(listed.slice(0, 2).map((request) => [request.subject, request.accountId, request.status])).toEqual([
      ["Second", null, "open"],
      ["Premier", user.id, "open"],
    ]);
    const requestId = listed[1]!.id;
    const results = await Promise.all([markRequestHandled({ agent, requestId }, client), markRequestHandled({ agent, requestId }, client)]);
    expect(results).toEqual([{ ok: true }, { ok: true }]);
    expect((await db.contactRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("handled");
    expect(await journalOf(user.id, "support.request_handled")).toEqual([{ actorId: agent.id, reason: null }]);
  });
});
