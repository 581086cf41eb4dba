import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { createUser, freshClient } from "@/lib/testing/factories";
import { connectedApplications, revokeApplication } from "./applications";
import { OidcStore } from "./store";
import { subjectOf } from "./subjects";

afterEach(() => {
  delete process.env.OIDC_CLIENTS;
  resetEnvForTests();
});

async function grantedForum() {
  process.env.OIDC_CLIENTS = JSON.stringify([{ client_id: "forum", client_name: "Le Forum", redirect_uris: ["https://forum.example/cb"] }]);
  resetEnvForTests();
  const user = await createUser();
  const subject = await subjectOf(user.id);
  const grantId = crypto.randomUUID();
  const refresh = crypto.randomUUID();
  await new OidcStore("Grant").upsert(grantId, { accountId: subject, clientId: "forum" }, 3600);
  await new OidcStore("RefreshToken").upsert(refresh, { accountId: subject, clientId: "forum", grantId }, 3600);
  return { user, refresh };
}

describe("“Applications connectées”", () => {
  it("lists each application by its name with the consent's date; an account that never used one has none", async () => {
    const { user } = await grantedForum();
    expect(await connectedApplications(user.id)).toEqual([{ clientId: "forum", name: "Le Forum", grantedAt: expect.any(Date) }]);
    expect(await connectedApplications((await createUser()).id)).toEqual([]);
  });

  it("“Retirer l’accès” takes the consent and its refresh token back, and the journal says so once, however often it is sent", async () => {
    const { user, refresh } = await grantedForum();
    const results = await Promise.all([0, 1, 2].map(() => revokeApplication(user.id, "forum", freshClient())));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await connectedApplications(user.id)).toEqual([]);
    expect(await new OidcStore("RefreshToken").find(refresh)).toBeUndefined();
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "oidc.revoked" } })).toBe(1);
  });

  it("cannot take back another account's consent", async () => {
    const { user } = await grantedForum();
    const other = await createUser();
    expect(await revokeApplication(other.id, "forum", freshClient())).toBe(false);
    expect(await connectedApplications(user.id)).toHaveLength(1);
  });
});
