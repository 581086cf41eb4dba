import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { advanceClock, resetClock } from "@/lib/clock";
import { env, resetEnvForTests } from "@/lib/env";
import { client, createUser, openSession } from "@/lib/testing/factories";
import { checkAgent, sessionFreshForActions, supportStaff } from "./agents";

function setStaff(list: string, idle?: string) {
  process.env.SUPPORT_STAFF = list;
  if (idle) process.env.SUPPORT_IDLE_MINUTES = idle;
  else delete process.env.SUPPORT_IDLE_MINUTES;
  resetEnvForTests();
}

afterEach(() => {
  resetClock();
  setStaff("");
});

async function agentWithSession(options: { confirmed?: boolean } = {}) {
  const user = await createUser(options);
  setStaff(`someone@example.test, ${user.email.toUpperCase()} ,`);
  return { user, sessionId: await openSession(user.id, client) };
}

describe("support agents", () => {
  it("reads SUPPORT_STAFF as trimmed, lower-cased addresses and ignores empty entries", () => {
    setStaff(" Alice@Example.TEST,,bob@example.test ");
    expect([...supportStaff()]).toEqual(["alice@example.test", "bob@example.test"]);
  });

  it("recognises a confirmed account whose email is listed, whatever the case of the list", async () => {
    const { user, sessionId } = await agentWithSession();
    const check = await checkAgent(user.id, sessionId);
    expect(check.kind).toBe("agent");
    expect(check.kind === "agent" && check.agent.id).toBe(user.id);
  });

  it("refuses an unconfirmed account even when its email is listed (an address nobody proved)", async () => {
    const { user, sessionId } = await agentWithSession({ confirmed: false });
    expect((await checkAgent(user.id, sessionId)).kind).toBe("none");
  });

  it("refuses anyone whose email is not listed, and the signed-out", async () => {
    const { sessionId } = await agentWithSession();
    const ordinary = await createUser();
    const ordinarySession = await openSession(ordinary.id, client);
    expect((await checkAgent(ordinary.id, ordinarySession)).kind).toBe("none");
    expect((await checkAgent(null, undefined)).kind).toBe("none");
    // An agent's session id presented for another user proves nothing.
    expect((await checkAgent(ordinary.id, sessionId)).kind).toBe("none");
  });

  it("stops treating an agent as one on the next check once their address leaves the list", async () => {
    const { user, sessionId } = await agentWithSession();
    expect((await checkAgent(user.id, sessionId)).kind).toBe("agent");
    setStaff("someone@example.test");
    expect((await checkAgent(user.id, sessionId)).kind).toBe("none");
  });

  it("stops treating an agent as one once their account's email changes to an unlisted one", async () => {
    const { user, sessionId } = await agentWithSession();
    await db.user.update({ where: { id: user.id }, data: { email: `moved-${user.email}` } });
    expect((await checkAgent(user.id, sessionId)).kind).toBe("none");
  });

  it("refuses a revoked or expired session", async () => {
    const { user, sessionId } = await agentWithSession();
    await db.session.deleteMany({ where: { userId: user.id } });
    expect((await checkAgent(user.id, sessionId)).kind).toBe("none");
  });

  it("keeps the console open while it is used, and closes the session after SUPPORT_IDLE_MINUTES without a /support request", async () => {
    const { user, sessionId } = await agentWithSession();
    setStaff(user.email, "30");
    expect((await checkAgent(user.id, sessionId)).kind).toBe("agent");
    advanceClock(29 * 60_000);
    expect((await checkAgent(user.id, sessionId)).kind).toBe("agent");
    advanceClock(29 * 60_000);
    expect((await checkAgent(user.id, sessionId)).kind).toBe("agent");
    advanceClock(31 * 60_000);
    expect((await checkAgent(user.id, sessionId)).kind).toBe("idle");
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await checkAgent(user.id, sessionId)).kind).toBe("none");
  });

  it("does not count a visit another site sent (a cross-site link) as activity: the idle clock keeps running", async () => {
    const { user, sessionId } = await agentWithSession();
    setStaff(user.email, "30");
    expect((await checkAgent(user.id, sessionId)).kind).toBe("agent");
    const seen = async () => (await db.session.findFirstOrThrow({ where: { userId: user.id } })).supportSeenAt;
    const before = await seen();
    for (let visit = 0; visit < 3; visit++) {
      advanceClock(9 * 60_000);
      expect((await checkAgent(user.id, sessionId, { activity: false })).kind).toBe("agent");
    }
    expect(await seen()).toEqual(before);
    // 31 minutes after the last visit of the agent's own: those three moved nothing.
    advanceClock(4 * 60_000);
    expect((await checkAgent(user.id, sessionId, { activity: false })).kind).toBe("idle");
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("counts the idle time of a session that never used the console from its sign-in", async () => {
    const { user, sessionId } = await agentWithSession();
    advanceClock((env().SUPPORT_IDLE_MINUTES + 1) * 60_000);
    expect((await checkAgent(user.id, sessionId)).kind).toBe("idle");
  });

  it("lets no racing request revive a session whose console expired", async () => {
    const { user, sessionId } = await agentWithSession();
    advanceClock((env().SUPPORT_IDLE_MINUTES + 1) * 60_000);
    const checks = await Promise.all([checkAgent(user.id, sessionId), checkAgent(user.id, sessionId), checkAgent(user.id, sessionId)]);
    const kinds = checks.map((check) => check.kind);
    expect(kinds).toContain("idle");
    expect(kinds.every((kind) => kind === "idle" || kind === "none")).toBe(true);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("lets an agent act only from a session signed in within SUPPORT_ACTION_SESSION_MINUTES", async () => {
    const { user, sessionId } = await agentWithSession();
    const check = await checkAgent(user.id, sessionId);
    if (check.kind !== "agent") throw new Error("not an agent");
    expect(sessionFreshForActions(check.agent)).toBe(true);
    advanceClock((env().SUPPORT_ACTION_SESSION_MINUTES + 1) * 60_000);
    expect(sessionFreshForActions(check.agent)).toBe(false);
  });
});
