import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as createRoute } from "@/app/api/test/users/route";
import { POST as lockRoute } from "@/app/api/test/users/lock/route";
import { POST as erasureRoute } from "@/app/api/test/users/erasure/route";
import { requestAccountDeletion } from "@/lib/privacy/deletion";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { createUser, emailsTo, lockState, PASSWORD } from "@/lib/testing/factories";
import { lockoutSettings } from "./lockout";
import { authenticate } from "./authenticate";
import { freshClient } from "@/lib/testing/factories";

// The end-to-end suite's user factory must not exist anywhere real.

const post = (body: unknown) =>
  new Request("http://localhost:3000/api/test/users", {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "Vitest" },
    body: JSON.stringify(body),
  });

function configure(variables: Record<string, string>) {
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  resetEnvForTests();
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

describe("the test user factory", () => {
  it.each([
    ["in production with Resend, the setting unset", { NODE_ENV: "production", RESEND_API_KEY: "re_test", MAIL_TRANSPORT: "" }],
    [
      "in production with Resend, even with TEST_USER_FACTORY=1",
      { NODE_ENV: "production", RESEND_API_KEY: "re_test", MAIL_TRANSPORT: "", TEST_USER_FACTORY: "1" },
    ],
    ["with the outbox transport but without TEST_USER_FACTORY=1", { MAIL_TRANSPORT: "outbox", TEST_USER_FACTORY: "" }],
  ])("answers 404 and creates nothing %s", async (_, variables) => {
    const existing = await createUser();
    configure(variables);
    const before = await db.user.count();
    expect((await createRoute(post({ password: PASSWORD }))).status).toBe(404);
    expect((await lockRoute(post({ email: existing.email }))).status).toBe(404);
    expect((await erasureRoute(post({ email: existing.email }))).status).toBe(404);
    expect(await db.user.count()).toBe(before);
    expect(await lockState(existing.id)).toEqual({ failedAttempts: 0, lockedAt: null });
  });

  it("with TEST_USER_FACTORY=1 and the outbox, makes a confirmed account that signs in", async () => {
    configure({ MAIL_TRANSPORT: "outbox", TEST_USER_FACTORY: "1" });
    const response = await createRoute(post({ password: PASSWORD, prefix: "factory" }));
    expect(response.status).toBe(201);
    const user = (await response.json()) as { id: string; pseudo: string; email: string };
    expect(user.pseudo).toMatch(/^factory/);
    expect((await authenticate({ identifier: user.email, password: PASSWORD }, freshClient())).ok).toBe(true);
  });

  it("locks through the real lock: the shared path at the maximum, one unlock email", async () => {
    configure({ MAIL_TRANSPORT: "outbox", TEST_USER_FACTORY: "1" });
    const user = (await (await createRoute(post({ password: PASSWORD, locked: true }))).json()) as { id: string; email: string };
    const state = await lockState(user.id);
    expect(state.failedAttempts).toBe(lockoutSettings().maxAttempts);
    expect(state.lockedAt).not.toBeNull();
    expect(await emailsTo(user.email, "unlock-account")).toHaveLength(1);

    const other = await createUser();
    expect((await lockRoute(post({ email: other.email }))).status).toBe(204);
    expect((await lockState(other.id)).lockedAt).not.toBeNull();
    expect((await lockRoute(post({ email: "nobody@example.test" }))).status).toBe(404);
  });

  it("takes a closed account past its grace period and erases it; an open one is left alone", async () => {
    configure({ MAIL_TRANSPORT: "outbox", TEST_USER_FACTORY: "1" });
    const open = await createUser();
    const closed = await createUser();
    expect((await requestAccountDeletion({ userId: closed.id, password: PASSWORD }, freshClient())).ok).toBe(true);
    expect((await erasureRoute(post({ email: open.email }))).status).toBe(404);
    expect((await erasureRoute(post({ email: closed.email }))).status).toBe(204);
    expect(await db.user.count({ where: { id: { in: [open.id, closed.id] } } })).toBe(1);
  });

  it("refuses a body it cannot read, and anything but JSON", async () => {
    configure({ MAIL_TRANSPORT: "outbox", TEST_USER_FACTORY: "1" });
    expect((await createRoute(post({ password: "short" }))).status).toBe(400);
    const form = new Request("http://localhost:3000/api/test/users", { method: "POST", body: "password=x" });
    expect((await createRoute(form)).status).toBe(415);
  });
});
