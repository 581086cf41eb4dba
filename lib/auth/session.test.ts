import { hash, type Algorithm } from "@node-rs/argon2";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClock, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createUser, freshClient, openSession, PASSWORD } from "@/lib/testing/factories";
import { authenticate } from "./authenticate";
import { needsRehash, verifyPassword } from "./password-hash";
import { closeSession, resolveSession } from "./session";

afterEach(() => resetClock());

describe("sessions", () => {
  it("last SESSION_MAX_AGE_DAYS and not a minute more", async () => {
    const user = await createUser();
    const session = await openSession(user.id, freshClient());
    const maxAgeMs = env().SESSION_MAX_AGE_DAYS * 86_400_000;
    advanceClock(maxAgeMs - 60_000);
    expect(await resolveSession(session)).toBe(user.id);
    advanceClock(120_000);
    expect(await resolveSession(session)).toBeNull();
  });

  it("end when closed, and an unknown or malformed id opens nothing", async () => {
    const user = await createUser();
    const session = await openSession(user.id, freshClient());
    await closeSession(session);
    expect(await resolveSession(session)).toBeNull();
    expect(await resolveSession("x".repeat(43))).toBeNull();
    expect(await resolveSession("x".repeat(500))).toBeNull();
    expect(await resolveSession(42)).toBeNull();
  });
});

describe("password hashes", () => {
  it("made with older parameters are replaced at the next right sign-in, and the password still works", async () => {
    const user = await createUser();
    // argon2id with a third of today's memory, as an older release stored it.
    const older = await hash(PASSWORD, { algorithm: 2 as Algorithm, memoryCost: 6144, timeCost: 2, parallelism: 1 });
    expect(needsRehash(older)).toBe(true);
    await db.user.update({ where: { id: user.id }, data: { passwordHash: older } });

    expect((await authenticate({ identifier: user.email, password: PASSWORD }, freshClient())).ok).toBe(true);
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(passwordHash).not.toBe(older);
    expect(needsRehash(passwordHash)).toBe(false);
    expect((await verifyPassword(passwordHash, PASSWORD)).ok).toBe(true);
  });

  it("are left alone after a wrong password", async () => {
    const user = await createUser();
    const older = await hash(PASSWORD, { algorithm: 2 as Algorithm, memoryCost: 6144, timeCost: 2, parallelism: 1 });
    await db.user.update({ where: { id: user.id }, data: { passwordHash: older } });
    expect((await authenticate({ identifier: user.email, password: "Not-The-Password-1" }, freshClient())).ok).toBe(false);
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(passwordHash).toBe(older);
  });
});
