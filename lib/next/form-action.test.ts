import { beforeEach, describe, expect, it, vi } from "vitest";
import * as z from "zod/mini";
import type { CurrentUser } from "@/lib/next/current-user";
import { says } from "@/lib/validation/form-result";
import { callAction, formAction, postAction } from "./form-action";

// Who is signed in comes from Auth.js's cookie, which only a request has: the tests say who.
const session = vi.hoisted(() => ({ user: null as CurrentUser | null, lookups: 0, fails: null as Error | null }));
vi.mock("@/lib/next/current-user", () => ({
  currentUser: async () => {
    session.lookups++;
    if (session.fails) throw session.fails;
    return session.user;
  },
}));

const camille: CurrentUser = {
  id: "0b7c1f0e-8f4e-4c56-9d0a-3b8d7c2e1a90",
  pseudo: "camille",
  email: "camille@example.test",
  confirmed: true,
  passwordBreached: false,
};
const schema = z.object({ name: z.string().check(z.minLength(1, says("form.required")), z.maxLength(5, says("form.tooLong"))) });

/** What the driver throws when PostgreSQL is restarting. */
const outage = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

beforeEach(() => {
  session.user = null;
  session.lookups = 0;
  session.fails = null;
});

describe("formAction", () => {
  it("answers bad input with the schema's field errors and never calls the handler", async () => {
    const handler = vi.fn(async () => ({ ok: true as const }));
    const action = formAction({ input: schema }, handler);
    expect(await action(null, form({ name: "" }))).toEqual({ ok: false, fieldErrors: { name: "form.required" } });
    expect(await action(null, form({ name: "much too long" }))).toEqual({ ok: false, fieldErrors: { name: "form.tooLong" } });
    // A hand-made post without the field gets zod's own message, which never reaches the page.
    expect(await action(null, form({}))).toEqual({ ok: false, fieldErrors: { name: "errors.unexpected" } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers a forged call whose arguments are not form data (JSON nulls, numbers, objects) as empty input, not a 500", async () => {
    const handler = vi.fn(async () => ({ ok: true as const }));
    const action = formAction({ input: schema }, handler) as unknown as (...args: unknown[]) => Promise<unknown>;
    for (const argument of [null, 5, {}, { name: "x" }, [], "name=x"]) {
      expect(await action(null, argument)).toEqual({ ok: false, fieldErrors: { name: "errors.unexpected" } });
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it("calls the handler with the parsed input only, whatever else was posted", async () => {
    const handler = vi.fn(async () => ({ ok: true as const }));
    await formAction({ input: schema }, handler)(null, form({ name: "ok", admin: "1" }));
    expect(handler).toHaveBeenCalledWith({ input: { name: "ok" }, user: undefined });
  });

  it("refuses someone signed out before reading the input, and calls nothing", async () => {
    const handler = vi.fn(async () => ({ ok: true as const }));
    const action = formAction({ input: schema, user: "required" }, handler);
    expect(await action(null, form({ name: "ok" }))).toEqual({ ok: false, formError: "unexpected" });
    expect(await action(null, form({ name: "" }))).toEqual({ ok: false, formError: "unexpected" });
    expect(handler).not.toHaveBeenCalled();
  });

  it("gives the handler the signed-in user when the action requires one", async () => {
    session.user = camille;
    const handler = vi.fn(async () => ({ ok: true as const }));
    await formAction({ input: schema, user: "required" }, handler)(null, form({ name: "ok" }));
    expect(handler).toHaveBeenCalledWith({ input: { name: "ok" }, user: camille });
  });

  it("tells an optional user's handler who is signed in, if anyone, and looks nobody up for invalid input", async () => {
    const handler = vi.fn(async () => ({ ok: true as const }));
    const action = formAction({ input: schema, user: "optional" }, handler);
    await action(null, form({ name: "" }));
    expect(session.lookups).toBe(0);
    await action(null, form({ name: "ok" }));
    expect(handler).toHaveBeenLastCalledWith({ input: { name: "ok" }, user: null });
    session.user = camille;
    await action(null, form({ name: "ok" }));
    expect(handler).toHaveBeenLastCalledWith({ input: { name: "ok" }, user: camille });
  });

  it("answers a database outage with the unavailable error, in the handler or in the user lookup", async () => {
    session.user = camille;
    const failing = formAction({ input: schema, user: "required" }, async () => {
      throw outage();
    });
    expect(await failing(null, form({ name: "ok" }))).toEqual({ ok: false, formError: "unavailable" });
    session.fails = outage();
    const handler = vi.fn(async () => ({ ok: true as const }));
    expect(await formAction({ user: "required" }, handler)(null, form({}))).toEqual({ ok: false, formError: "unavailable" });
    expect(handler).not.toHaveBeenCalled();
  });

  it("lets any other error through: a bug is not an outage", async () => {
    const action = formAction({ input: schema }, async () => {
      throw new TypeError("a bug");
    });
    await expect(action(null, form({ name: "ok" }))).rejects.toThrow("a bug");
  });

  it("hands the raw form data to an emailed link's action, with the same outage answer", async () => {
    const action = formAction(async (data: FormData) => {
      if (data.get("token") === "down") throw outage();
      return { ok: false, formError: "invalidLink" };
    });
    expect(await action(null, form({ token: "x" }))).toEqual({ ok: false, formError: "invalidLink" });
    expect(await action(null, form({ token: "down" }))).toEqual({ ok: false, formError: "unavailable" });
  });
});

describe("callAction", () => {
  it("parses the value a client component sends, refuses someone signed out, answers an outage", async () => {
    const handler = vi.fn(async ({ input }: { input: { name: string } }) => ({ ok: true as const, echo: input.name }));
    const action = callAction({ input: schema, user: "required" }, handler);
    expect(await action({ name: "ok" })).toEqual({ ok: false, formError: "unexpected" });
    session.user = camille;
    expect(await action({ name: 42 })).toEqual({ ok: false, fieldErrors: { name: "errors.unexpected" } });
    expect(handler).not.toHaveBeenCalled();
    expect(await action({ name: "ok" })).toEqual({ ok: true, echo: "ok" });
    session.fails = outage();
    expect(await action({ name: "ok" })).toEqual({ ok: false, formError: "unavailable" });
  });

  it("without a schema, passes the value on as sent", async () => {
    const handler = vi.fn(async () => ({ ok: true as const }));
    await callAction({}, handler)("the authenticator's answer");
    expect(handler).toHaveBeenCalledWith({ input: "the authenticator's answer", user: undefined });
  });
});

describe("postAction", () => {
  it("does nothing for a post by someone signed out or with a bad field", async () => {
    const handler = vi.fn(async () => {});
    const action = postAction({ input: z.object({ id: z.uuid() }), user: "required" }, handler);
    await action(form({ id: camille.id }));
    session.user = camille;
    await action(form({ id: "not-a-uuid" }));
    expect(handler).not.toHaveBeenCalled();
    await action(form({ id: camille.id }));
    expect(handler).toHaveBeenCalledWith({ input: { id: camille.id }, user: camille });
  });
});
