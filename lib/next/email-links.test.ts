import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { advanceClock, now, resetClock } from "@/lib/clock";
import { issueToken } from "@/lib/auth/tokens";
import { digestSecret } from "@/lib/auth/secrets";
import { env } from "@/lib/env";
import { lockoutSettings } from "@/lib/auth/lockout";
import { createUser, freshClient } from "@/lib/testing/factories";
import { secureAccountByNotMeToken } from "@/lib/auth/not-me";
import { checkEmailLink, consumeEmailLink, openEmailLink, pressEmailLink, type ButtonLinkFlow } from "./email-links";

afterEach(() => resetClock());

let counter = 0;

/** A user with a live link of the flow, and what pressing its button changes. */
type Pending = { userId: string; token: string; effect: () => Promise<unknown>; event: string; issueAgain: () => Promise<string> };

const setups: Record<ButtonLinkFlow, () => Promise<Pending>> = {
  async unlock() {
    const user = await createUser();
    await db.lockPath.create({
      data: { userId: user.id, path: "account", failedAttempts: lockoutSettings().maxAttempts, lockedAt: now() },
    });
    const issue = () => db.$transaction((tx) => issueToken(tx, user.id, "unlock"));
    return {
      userId: user.id,
      token: await issue(),
      issueAgain: issue,
      event: "account.unlocked",
      effect: () => db.lockPath.count({ where: { userId: user.id } }),
    };
  },
  async emailChange() {
    const user = await createUser();
    const issue = () =>
      db.$transaction((tx) =>
        issueToken(tx, user.id, "email_change", { newEmail: `moved${Date.now().toString(36)}${++counter}@example.test` }),
      );
    return {
      userId: user.id,
      token: await issue(),
      issueAgain: issue,
      event: "email.changed",
      effect: async () => (await db.user.findUniqueOrThrow({ where: { id: user.id } })).email,
    };
  },
};

const acted: Record<ButtonLinkFlow, string> = {
  unlock: "/connexion?notice=unlocked",
  emailChange: "/connexion?notice=emailChanged",
};
const refused: Record<ButtonLinkFlow, string> = {
  unlock: "/deverrouillage?code=invalidLink",
  emailChange: "/connexion?code=invalidLink",
};
// The second press of a link that worked goes where a refused link goes.
const spent: Record<ButtonLinkFlow, string> = refused;

const usedAt = async (token: string) => (await db.token.findUniqueOrThrow({ where: { tokenHash: digestSecret(token) } })).usedAt;
const events = (userId: string, type: string) => db.securityEvent.count({ where: { userId, type } });

describe.each(Object.keys(setups) as ButtonLinkFlow[])("the %s link", (flow) => {
  it("is only checked when opened, however often a scanner fetches it, and still works for its owner", async () => {
    const pending = await setups[flow]();
    const before = await pending.effect();
    for (let fetch = 0; fetch < 3; fetch++) expect(await checkEmailLink(flow, pending.token)).toBeNull();
    expect(await usedAt(pending.token)).toBeNull();
    expect(await pending.effect()).toEqual(before);
    expect(await events(pending.userId, pending.event)).toBe(0);

    expect(await consumeEmailLink(flow, pending.token, freshClient())).toBe(acted[flow]);
    expect(await pending.effect()).not.toEqual(before);
    expect(await usedAt(pending.token)).not.toBeNull();
  });

  it("acts once when its button is pressed twice at the same moment", async () => {
    const pending = await setups[flow]();
    const results = await Promise.all([
      consumeEmailLink(flow, pending.token, freshClient()),
      consumeEmailLink(flow, pending.token, freshClient()),
    ]);
    expect(results.sort()).toEqual([acted[flow], spent[flow]].sort());
    expect(await events(pending.userId, pending.event)).toBe(1);
  });

  it("sends a used link away at once, to the same place as a second press", async () => {
    const pending = await setups[flow]();
    await consumeEmailLink(flow, pending.token, freshClient());
    expect(await checkEmailLink(flow, pending.token)).toBe(spent[flow]);
  });

  it("refuses at once, and changes nothing for, an expired, superseded, unknown, malformed or foreign link", async () => {
    const expired = await setups[flow]();
    // Past the longest lifetime of the three flows.
    advanceClock((Math.max(env().CONFIRM_TOKEN_TTL_HOURS, env().UNLOCK_TOKEN_TTL_HOURS) + 1) * 3_600_000);
    expect(await checkEmailLink(flow, expired.token)).toBe(refused[flow]);
    resetClock();

    const superseded = await setups[flow]();
    const fresh = await superseded.issueAgain();
    expect(await checkEmailLink(flow, superseded.token)).toBe(refused[flow]);
    expect(await checkEmailLink(flow, fresh)).toBeNull();

    const other = await setups[flow === "unlock" ? "emailChange" : "unlock"]();
    for (const token of ["A".repeat(43), "short", `${"A".repeat(42)}*`, null, other.token]) {
      expect(await checkEmailLink(flow, token)).toBe(refused[flow]);
    }
    expect(await usedAt(other.token)).toBeNull();
  });
});

describe("the links whose page says a refusal itself", () => {
  it("'Ce n'était pas moi': opening only checks; the page's own button (lib/auth/not-me.ts) uses it up, after which the page refuses it", async () => {
    const user = await createUser();
    const token = await db.$transaction((tx) => issueToken(tx, user.id, "not_me"));
    expect(await openEmailLink("notMe", token)).toBe("live");
    expect(await openEmailLink("notMe", token)).toBe("live");
    expect(await secureAccountByNotMeToken(token, freshClient())).not.toBeNull();
    expect(await openEmailLink("notMe", token)).toBe("refused");
    expect(await pressEmailLink("notMe", token, freshClient())).toBe("/mot-de-passe-oublie?code=invalidLink");
    expect(await events(user.id, "signout.not_me")).toBe(1);
  });

  it("the reset link has no button: only its form uses it up", async () => {
    const user = await createUser();
    const token = await db.$transaction((tx) => issueToken(tx, user.id, "reset"));
    expect(await pressEmailLink("reset", token, freshClient())).toBe("/mot-de-passe-oublie?code=invalidLink");
    expect(await usedAt(token)).toBeNull();
    expect(await openEmailLink("reset", "A".repeat(43))).toBe("refused");
  });
});
