import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { advanceClock, now, resetClock } from "@/lib/clock";
import { resetEnvForTests } from "@/lib/env";
import { createUser, emailsTo, freshClient, lockState, PASSWORD } from "@/lib/testing/factories";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import type { ClientInfo } from "@/lib/request/client-info";
import { authenticate, authenticateWithPasskey } from "../authenticate";
import { lockoutSettings } from "../lockout";
import { startPasskeySignIn } from "./assertion";
import { CHALLENGE_TTL_MS, PASSKEY_CHALLENGES_PER_ADDRESS, readChallengeCookie } from "./challenges";
import { deletePasskey, listPasskeys, renamePasskey } from "./management";
import { finishPasskeyRegistration, startPasskeyRegistration } from "./registration";
import { runRetentionPass } from "@/lib/retention";
import { digestSecret } from "../secrets";

afterEach(() => resetClock());

type User = Awaited<ReturnType<typeof createUser>>;

/** Registers `authenticator` for `user` through both steps, as /compte does. */
async function registered(user: User, authenticator = new SoftwareAuthenticator(), client: ClientInfo = freshClient()) {
  const start = await startPasskeyRegistration(user.id, PASSWORD, client);
  if (!start.ok) throw new Error(`registration refused: ${start.code}`);
  const finish = await finishPasskeyRegistration(
    user.id,
    JSON.stringify(authenticator.register(start.options)),
    readChallengeCookie(start.cookie.value),
    client,
  );
  if (!finish.ok) throw new Error(`registration not finished: ${finish.code}`);
  return authenticator;
}

/** A challenge for a passkey sign-in, as /connexion asks for one: its options and the id its cookie names. */
async function signInChallenge(client: ClientInfo = freshClient()) {
  const start = await startPasskeySignIn(client);
  if (!start.ok) throw new Error("rate limited");
  return { options: start.options, challengeId: readChallengeCookie(start.cookie.value) };
}

async function passkeySignIn(authenticator: SoftwareAuthenticator, ceremony: Parameters<SoftwareAuthenticator["assert"]>[1] = {}) {
  const client = freshClient();
  const { options, challengeId } = await signInChallenge(client);
  return authenticateWithPasskey(JSON.stringify(authenticator.assert(options, ceremony)), challengeId, client);
}

const journal = async (userId: string) =>
  (await db.securityEvent.findMany({ where: { userId }, orderBy: { createdAt: "asc" } })).map((event) => event.type);

describe("adding a passkey", () => {
  it("asks for a discoverable credential with user verification, for APP_URL's relying party, after the current password", async () => {
    const user = await createUser();
    const start = await startPasskeyRegistration(user.id, PASSWORD, freshClient());
    expect(start.ok).toBe(true);
    if (!start.ok) return;
    expect(start.options.rp).toEqual({ name: "Sésame", id: "localhost" });
    expect(start.options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(start.options.user.name).toBe(user.email);
    expect(start.cookie).toMatchObject({ name: "sesame.passkey", maxAge: CHALLENGE_TTL_MS / 1000 });
  });

  it("stores the credential with its flags, journals it and emails the owner", async () => {
    const user = await createUser();
    await registered(user, new SoftwareAuthenticator({ backedUp: true, aaguid: "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4" }));
    const [passkey] = await listPasskeys(user.id);
    expect(passkey).toMatchObject({ name: "Google Password Manager", backedUp: true, multiDevice: true, lastUsedAt: null });
    expect(await journal(user.id)).toContain("passkey.added");
    expect((await emailsTo(user.email)).map((email) => email.subject)).toContain("Une clé d’accès a été ajoutée à votre compte");
  });

  it("counts a wrong current password towards the lock, like a password change, and issues no challenge", async () => {
    const user = await createUser();
    const start = await startPasskeyRegistration(user.id, "not the password", freshClient());
    expect(start).toEqual({ ok: false, code: "invalidCredentials", wrongPassword: true });
    expect((await lockState(user.id)).failedAttempts).toBe(1);
    expect(await db.passkeyChallenge.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses an answer to another user's challenge, a used challenge, a wrong origin and a wrong RP id", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const client = freshClient();
    const authenticator = new SoftwareAuthenticator();

    const forAlice = await startPasskeyRegistration(alice.id, PASSWORD, client);
    if (!forAlice.ok) throw new Error("refused");
    const answer = JSON.stringify(authenticator.register(forAlice.options));
    expect(await finishPasskeyRegistration(bob.id, answer, readChallengeCookie(forAlice.cookie.value), client)).toEqual({
      ok: false,
      code: "passkeyExpired",
    });

    for (const ceremony of [{ origin: "http://evil.localhost:3000" }, { rpId: "evil.test" }]) {
      const start = await startPasskeyRegistration(alice.id, PASSWORD, client);
      if (!start.ok) throw new Error("refused");
      const wrong = JSON.stringify(new SoftwareAuthenticator().register(start.options, ceremony));
      expect(await finishPasskeyRegistration(alice.id, wrong, readChallengeCookie(start.cookie.value), client)).toEqual({
        ok: false,
        code: "passkeyNotAdded",
      });
      // The refused answer used its challenge up.
      expect(await finishPasskeyRegistration(alice.id, wrong, readChallengeCookie(start.cookie.value), client)).toMatchObject({
        code: "passkeyExpired",
      });
    }
    expect(await db.passkey.count({ where: { userId: { in: [alice.id, bob.id] } } })).toBe(0);
  });

  it("refuses a challenge cookie whose signature does not hold", async () => {
    const user = await createUser();
    const start = await startPasskeyRegistration(user.id, PASSWORD, freshClient());
    if (!start.ok) throw new Error("refused");
    const [id] = start.cookie.value.split(".");
    expect(readChallengeCookie(`${id}.forged`)).toBeUndefined();
    expect(readChallengeCookie(start.cookie.value)).toBe(id);
  });
});

describe("signing in with a passkey", () => {
  it("keeps at most PASSKEY_CHALLENGES_PER_ADDRESS unanswered challenges per address (an IPv6 /64 as one): the oldest give way", async () => {
    const prefix = `2001:db8:${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;
    const from = (n: number): ClientInfo => ({ ip: `${prefix}::${n.toString(16)}`, userAgent: "Vitest" });
    const before = await db.passkeyChallenge.count();
    const ids: (string | undefined)[] = [];
    for (let n = 1; n <= PASSKEY_CHALLENGES_PER_ADDRESS + 5; n++) ids.push((await signInChallenge(from(n))).challengeId);
    expect(await db.passkeyChallenge.count()).toBe(before + PASSKEY_CHALLENGES_PER_ADDRESS);
    const kept = await db.passkeyChallenge.findMany({ where: { id: { in: ids as string[] } }, select: { id: true } });
    expect(new Set(kept.map((row) => row.id))).toEqual(new Set(ids.slice(5)));
    // Another address's challenges are its own.
    const other = await signInChallenge(freshClient());
    expect(await db.passkeyChallenge.count({ where: { id: other.challengeId } })).toBe(1);
    expect(await db.passkeyChallenge.count()).toBe(before + PASSKEY_CHALLENGES_PER_ADDRESS + 1);
  });

  it("holds that bound when many challenges are asked for at once from one address", async () => {
    const single: ClientInfo = { ip: `198.51.100.${Math.floor(Math.random() * 250)}`, userAgent: "Vitest" };
    const prefixRows = async () => db.passkeyChallenge.count();
    const before = await prefixRows();
    await Promise.all(Array.from({ length: PASSKEY_CHALLENGES_PER_ADDRESS * 2 }, () => signInChallenge(single)));
    expect(await prefixRows()).toBe(before + PASSKEY_CHALLENGES_PER_ADDRESS);
  });

  it("opens a session, remembers the browser and journals it, without an identifier", async () => {
    const user = await createUser();
    const authenticator = await registered(user);
    const result = await passkeySignIn(authenticator);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user.id).toBe(user.id);
    expect(await db.session.count({ where: { sessionToken: digestSecret(result.sessionId), userId: user.id } })).toBe(1);
    expect(result.deviceCookie).not.toBeNull();
    expect(await db.knownDevice.count({ where: { userId: user.id } })).toBe(1);
    expect(await journal(user.id)).toContain("signin.passkey");
    expect((await listPasskeys(user.id))[0]!.lastUsedAt).not.toBeNull();
  });

  it("refuses a replayed challenge: the same answer twice, or two answers to one challenge at once", async () => {
    const user = await createUser();
    const authenticator = await registered(user);
    const client = freshClient();
    const { options, challengeId } = await signInChallenge(client);
    const answer = JSON.stringify(authenticator.assert(options));
    expect((await authenticateWithPasskey(answer, challengeId, client)).ok).toBe(true);
    expect(await authenticateWithPasskey(answer, challengeId, client)).toEqual({ ok: false, code: "passkeyRefused" });

    const parallel = await signInChallenge(client);
    const both = await Promise.all([
      authenticateWithPasskey(JSON.stringify(authenticator.assert(parallel.options)), parallel.challengeId, client),
      authenticateWithPasskey(JSON.stringify(authenticator.assert(parallel.options)), parallel.challengeId, client),
    ]);
    expect(both.filter((result) => result.ok)).toHaveLength(1);
  });

  it("refuses an answer without the challenge its browser holds, and an expired challenge", async () => {
    const user = await createUser();
    const authenticator = await registered(user);
    const { options } = await signInChallenge();
    const answer = JSON.stringify(authenticator.assert(options));
    expect(await authenticateWithPasskey(answer, undefined, freshClient())).toMatchObject({ ok: false });
    // Another browser's challenge is not this answer's.
    const other = await signInChallenge();
    expect(await authenticateWithPasskey(answer, other.challengeId, freshClient())).toMatchObject({ ok: false });

    const late = await signInChallenge();
    advanceClock(CHALLENGE_TTL_MS + 1000);
    expect(
      await authenticateWithPasskey(JSON.stringify(authenticator.assert(late.options)), late.challengeId, freshClient()),
    ).toMatchObject({
      ok: false,
    });
  });

  it("refuses an assertion for another user's credential", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const alicesKey = await registered(alice);
    const bobsKey = await registered(bob);
    // Alice's key claiming Bob's user handle, then claiming Bob's credential id.
    expect(await passkeySignIn(alicesKey, { userHandle: bobsKey.userHandle })).toEqual({ ok: false, code: "passkeyRefused" });
    expect(await passkeySignIn(alicesKey, { credentialId: bobsKey.id, userHandle: bobsKey.userHandle })).toEqual({
      ok: false,
      code: "passkeyRefused",
    });
    expect(await db.session.count({ where: { userId: bob.id } })).toBe(0);
    expect(await journal(bob.id)).toContain("signin.passkey_failure");
  });

  it("refuses a wrong origin and a wrong RP id", async () => {
    const user = await createUser();
    const authenticator = await registered(user);
    expect(await passkeySignIn(authenticator, { origin: "http://localhost.evil.test" })).toMatchObject({ ok: false });
    expect(await passkeySignIn(authenticator, { origin: "https://localhost:3000" })).toMatchObject({ ok: false });
    expect(await passkeySignIn(authenticator, { rpId: "evil.test" })).toMatchObject({ ok: false });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses a signature counter that does not move forward (a cloned authenticator)", async () => {
    const user = await createUser();
    const authenticator = await registered(user, new SoftwareAuthenticator({ counts: true }));
    expect((await passkeySignIn(authenticator)).ok).toBe(true);
    expect((await passkeySignIn(authenticator)).ok).toBe(true);
    expect(await passkeySignIn(authenticator, { counter: 2 })).toEqual({ ok: false, code: "passkeyRefused" });
    expect(await passkeySignIn(authenticator, { counter: 1 })).toEqual({ ok: false, code: "passkeyRefused" });
    expect((await passkeySignIn(authenticator, { counter: 7 })).ok).toBe(true);
    expect((await db.passkey.findFirstOrThrow({ where: { userId: user.id } })).counter).toBe(7n);
  });

  it("works while the password path is locked, and the lock stays", async () => {
    const user = await createUser();
    const authenticator = await registered(user);
    for (let i = 0; i < lockoutSettings().maxAttempts; i += 1)
      await authenticate({ identifier: user.email, password: "wrong password" }, freshClient());
    expect(await authenticate({ identifier: user.email, password: PASSWORD }, freshClient())).toEqual({ ok: false, code: "locked" });
    expect((await passkeySignIn(authenticator)).ok).toBe(true);
    expect((await lockState(user.id)).lockedAt).not.toBeNull();
    expect(await authenticate({ identifier: user.email, password: PASSWORD }, freshClient())).toEqual({ ok: false, code: "locked" });
  });

  it("counts challenges per address and refuses them over RATE_LIMIT_PASSKEY_SIGNIN_PER_IP", async () => {
    process.env.RATE_LIMIT_PASSKEY_SIGNIN_PER_IP = "3";
    resetEnvForTests();
    try {
      const client = freshClient();
      const outcomes = [];
      for (let i = 0; i < 4; i += 1) outcomes.push((await startPasskeySignIn(client)).ok);
      expect(outcomes).toEqual([true, true, true, false]);
      expect((await startPasskeySignIn(freshClient())).ok).toBe(true);
    } finally {
      delete process.env.RATE_LIMIT_PASSKEY_SIGNIN_PER_IP;
      resetEnvForTests();
    }
  });
});

describe("the list of passkeys", () => {
  it("renames and deletes only the owner's passkeys; a deleted one is journaled, emailed and no longer signs in", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const authenticator = await registered(alice);
    const [passkey] = await listPasskeys(alice.id);
    expect(passkey!.name).toBeNull();

    expect(await renamePasskey(bob.id, passkey!.id, "Volée")).toBe("notFound");
    expect(await renamePasskey(alice.id, passkey!.id, "Téléphone")).toBe("done");
    expect((await listPasskeys(alice.id))[0]!.name).toBe("Téléphone");

    expect(await deletePasskey(bob.id, passkey!.id, freshClient())).toBe("notFound");
    expect(await deletePasskey(alice.id, passkey!.id, freshClient())).toBe("done");
    expect(await deletePasskey(alice.id, passkey!.id, freshClient())).toBe("notFound");
    expect(await listPasskeys(alice.id)).toEqual([]);
    expect(await journal(alice.id)).toContain("passkey.removed");
    const removal = (await emailsTo(alice.email)).find((email) => email.subject === "Une clé d’accès a été supprimée de votre compte");
    expect(removal?.text).toContain("Téléphone");
    expect(await passkeySignIn(authenticator)).toEqual({ ok: false, code: "passkeyRefused" });
  });
});

describe("challenges nobody answered", () => {
  it("are dropped by the retention pass once expired, while live ones stay usable", async () => {
    const user = await createUser();
    const authenticator = await registered(user);
    await signInChallenge();
    advanceClock(CHALLENGE_TTL_MS + 1000);
    const live = await signInChallenge();
    expect((await runRetentionPass())?.passkeyChallenges).toBeGreaterThanOrEqual(1);
    expect(await db.passkeyChallenge.count({ where: { expiresAt: { lt: now() } } })).toBe(0);
    expect(await db.passkeyChallenge.count({ where: { id: live.challengeId } })).toBe(1);
    expect((await authenticateWithPasskey(JSON.stringify(authenticator.assert(live.options)), live.challengeId, freshClient())).ok).toBe(
      true,
    );
  });
});
