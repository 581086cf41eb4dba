import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClock, resetClock } from "@/lib/clock";
import { createUser } from "@/lib/testing/factories";
import { OidcStore, currentGrantId, grantsOfAccount, purgeExpiredOidcRecords, revokeAccountGrants } from "./store";
import { accountOfSubject, existingSubject, subjectOf } from "./subjects";

afterEach(() => resetClock());

const id = () => randomUUID();

describe("the provider's storage on our database", () => {
  it("gives back what was stored, to another instance too, until it expires", async () => {
    const key = id();
    await new OidcStore("AccessToken").upsert(key, { accountId: "sub-1", clientId: "forum", grantId: "g" }, 60);
    // A second store object stands for a second instance behind the same database.
    expect(await new OidcStore("AccessToken").find(key)).toMatchObject({ accountId: "sub-1", clientId: "forum" });
    expect(await new OidcStore("RefreshToken").find(key)).toBeUndefined();
    advanceClock(61_000);
    expect(await new OidcStore("AccessToken").find(key)).toBeUndefined();
    expect(await purgeExpiredOidcRecords()).toBeGreaterThanOrEqual(1);
  });

  it("keeps a row without expiry, and an upsert replaces the payload", async () => {
    const store = new OidcStore("Client");
    const key = id();
    await store.upsert(key, { client_id: key, v: 1 }, 0);
    await store.upsert(key, { client_id: key, v: 2 }, 0);
    advanceClock(10 * 365 * 86_400_000);
    expect(await store.find(key)).toMatchObject({ v: 2 });
  });

  it("finds a session by its uid and a device code by its user code", async () => {
    const uid = id();
    await new OidcStore("Session").upsert(id(), { uid, accountId: "sub-2" }, 60);
    expect(await new OidcStore("Session").findByUid(uid)).toMatchObject({ uid, accountId: "sub-2" });
    await new OidcStore("DeviceCode").upsert(id(), { userCode: "ABCD-EFGH" }, 60);
    expect(await new OidcStore("DeviceCode").findByUserCode("ABCD-EFGH")).toMatchObject({ userCode: "ABCD-EFGH" });
    expect(await new OidcStore("Session").findByUid("nope")).toBeUndefined();
  });

  it("marks a code consumed once: the time of the first use stays", async () => {
    const store = new OidcStore("AuthorizationCode");
    const key = id();
    await store.upsert(key, { grantId: "g" }, 60);
    expect((await store.find(key))?.consumed).toBeUndefined();
    await Promise.all([store.consume(key), store.consume(key)]);
    const first = (await store.find(key))?.consumed;
    expect(typeof first).toBe("number");
    advanceClock(5_000);
    await store.consume(key);
    expect((await store.find(key))?.consumed).toBe(first);
  });

  it("revoking a grant removes its codes and tokens, and nobody else's", async () => {
    const [grantId, other, access, refresh, kept] = [id(), id(), id(), id(), id()];
    await new OidcStore("AccessToken").upsert(access, { grantId }, 60);
    await new OidcStore("RefreshToken").upsert(refresh, { grantId }, 60);
    await new OidcStore("RefreshToken").upsert(kept, { grantId: other }, 60);
    await new OidcStore("AccessToken").revokeByGrantId(grantId);
    expect(await new OidcStore("AccessToken").find(access)).toBeUndefined();
    expect(await new OidcStore("RefreshToken").find(refresh)).toBeUndefined();
    expect(await new OidcStore("RefreshToken").find(kept)).toBeDefined();
  });

  it("finds an account's grant for a client, lists one per client, and takes one client's back with its tokens", async () => {
    const account = `sub-${id()}`;
    const [forumGrant, shopGrant, forumToken, shopToken] = [id(), id(), id(), id()];
    await new OidcStore("Grant").upsert(forumGrant, { accountId: account, clientId: "forum" }, 3600);
    await new OidcStore("Grant").upsert(shopGrant, { accountId: account, clientId: "shop" }, 3600);
    await new OidcStore("RefreshToken").upsert(forumToken, { accountId: account, clientId: "forum", grantId: forumGrant }, 3600);
    await new OidcStore("RefreshToken").upsert(shopToken, { accountId: account, clientId: "shop", grantId: shopGrant }, 3600);
    expect(await currentGrantId(account, "forum")).toBe(forumGrant);
    expect((await grantsOfAccount(account)).map((grant) => grant.clientId).sort()).toEqual(["forum", "shop"]);

    expect(await revokeAccountGrants(account, "forum")).toEqual([forumGrant]);
    expect(await currentGrantId(account, "forum")).toBeUndefined();
    expect(await new OidcStore("RefreshToken").find(forumToken)).toBeUndefined();
    expect(await new OidcStore("RefreshToken").find(shopToken)).toBeDefined();
    expect((await grantsOfAccount(account)).map((grant) => grant.clientId)).toEqual(["shop"]);
  });

  it("an interaction is filed under its client and its session's account", async () => {
    const key = id();
    const account = `sub-${id()}`;
    await new OidcStore("Interaction").upsert(key, { params: { client_id: "forum" }, session: { accountId: account } }, 60);
    const { db } = await import("@/lib/db");
    const row = await db.oidcRecord.findUnique({ where: { model_id: { model: "Interaction", id: key } } });
    expect(row).toMatchObject({ clientId: "forum", accountId: account });
  });
});

describe("the subject applications see", () => {
  it("is made once, stays the same, and is not the database id", async () => {
    const user = await createUser();
    expect(await existingSubject(user.id)).toBeNull();
    const subject = await subjectOf(user.id);
    expect(subject).not.toContain(user.id);
    expect(subject).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await subjectOf(user.id)).toBe(subject);
    expect(await accountOfSubject(subject)).toMatchObject({ userId: user.id, email: user.email, emailVerified: true });
  });

  it("two first sign-ins at once agree on one subject", async () => {
    const user = await createUser();
    const [a, b, c] = await Promise.all([subjectOf(user.id), subjectOf(user.id), subjectOf(user.id)]);
    expect(new Set([a, b, c]).size).toBe(1);
  });

  it("names no account once the account is closing or gone", async () => {
    const user = await createUser();
    const subject = await subjectOf(user.id);
    const { db } = await import("@/lib/db");
    await db.user.update({ where: { id: user.id }, data: { deletionDueAt: new Date(Date.now() + 86_400_000) } });
    expect(await accountOfSubject(subject)).toBeNull();
    expect(await accountOfSubject("unknown-subject")).toBeNull();
  });
});
