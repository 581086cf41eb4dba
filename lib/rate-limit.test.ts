import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClock, resetClock } from "./clock";
import { env, resetEnvForTests } from "./env";
import { addressBucket, allowAll, allowAttempt } from "./rate-limit";

// Limits from the test environment's defaults (lib/env.ts): sign-in 100 per IP, 30 per account.

describe("rate limits", () => {
  afterEach(() => resetClock());

  it("count every limit of a combined check, and refuse once any one is over", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
    const account = `someone-${randomUUID()}`;
    const perAccount = env().RATE_LIMIT_SIGNIN_PER_ACCOUNT;
    for (let attempt = 1; attempt <= perAccount; attempt++) {
      expect(
        await allowAll([
          ["signinIp", ip],
          ["signinAccount", account],
        ]),
      ).toBe(true);
    }
    // The account's limit is reached; the IP's is not, and is still counted.
    expect(
      await allowAll([
        ["signinIp", ip],
        ["signinAccount", account],
      ]),
    ).toBe(false);
    const otherAccount = `other-${randomUUID()}`;
    const ipLeft = env().RATE_LIMIT_SIGNIN_PER_IP - perAccount - 1;
    for (let attempt = 1; attempt <= ipLeft; attempt++) expect(await allowAttempt("signinIp", ip)).toBe(true);
    expect(
      await allowAll([
        ["signinIp", ip],
        ["signinAccount", otherAccount],
      ]),
    ).toBe(false);
  });

  it("count a check repeated in one call once", async () => {
    const subject = `repeat-${randomUUID()}`;
    expect(
      await allowAll([
        ["emailAddress", subject],
        ["emailAddress", subject],
      ]),
    ).toBe(true);
    const left = env().RATE_LIMIT_EMAIL_PER_ADDRESS - 1;
    for (let attempt = 1; attempt <= left; attempt++) expect(await allowAttempt("emailAddress", subject)).toBe(true);
    expect(await allowAttempt("emailAddress", subject)).toBe(false);
  });

  it("count exactly once per attempt when many requests check the same keys in opposite orders at once", async () => {
    const ip = `198.51.100.7-${randomUUID()}`;
    const account = `race-${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        allowAll(
          index % 2
            ? [
                ["signinIp", ip],
                ["signinAccount", account],
              ]
            : [
                ["signinAccount", account],
                ["signinIp", ip],
              ],
        ),
      ),
    );
    expect(results.every(Boolean)).toBe(true);
    // 20 counted on each key: 10 more reach the account's limit of 30, the 31st is refused.
    for (let attempt = 21; attempt <= env().RATE_LIMIT_SIGNIN_PER_ACCOUNT; attempt++) {
      expect(await allowAttempt("signinAccount", account)).toBe(true);
    }
    expect(await allowAttempt("signinAccount", account)).toBe(false);
  });

  it("start counting again once the window has passed, and not a moment before", async () => {
    const subject = `window-${randomUUID()}`;
    const limit = env().RATE_LIMIT_EMAIL_PER_ADDRESS;
    for (let attempt = 1; attempt <= limit; attempt++) expect(await allowAttempt("emailAddress", subject)).toBe(true);
    expect(await allowAttempt("emailAddress", subject)).toBe(false);
    const windowMs = env().RATE_LIMIT_WINDOW_MINUTES * 60_000;
    advanceClock(windowMs - 5_000);
    expect(await allowAttempt("emailAddress", subject)).toBe(false);
    advanceClock(10_000);
    for (let attempt = 1; attempt <= limit; attempt++) expect(await allowAttempt("emailAddress", subject)).toBe(true);
    expect(await allowAttempt("emailAddress", subject)).toBe(false);
  });
});

describe("the subject an address is counted under", () => {
  it("is an IPv4 address itself, an IPv6 address's /64, and the IPv4 address inside an IPv4-mapped IPv6 one", () => {
    expect(addressBucket("203.0.113.7")).toBe("203.0.113.7");
    expect(addressBucket("203.0.113.8")).not.toBe(addressBucket("203.0.113.7"));
    expect(addressBucket("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:0db8:0001:0002:0:0:0:9")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:3::1")).not.toBe(addressBucket("2001:db8:1:2::1"));
    expect(addressBucket("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressBucket("::ffff:cb00:7107")).toBe("203.0.113.7");
  });
});

describe("limits per address", () => {
  afterEach(() => {
    delete process.env.RATE_LIMIT_PASSKEY_SIGNIN_PER_IP;
    resetEnvForTests();
  });

  it("count every address of one IPv6 /64 together, the passkey sign-in's challenges included", async () => {
    process.env.RATE_LIMIT_PASSKEY_SIGNIN_PER_IP = "3";
    resetEnvForTests();
    const third = randomUUID().slice(0, 4);
    const fourth = Math.floor(Math.random() * 0xfffe);
    const inside = (n: number) => `2001:db8:${third}:${fourth.toString(16)}::${n.toString(16)}`;
    const outcomes = [];
    for (let n = 1; n <= 4; n++) outcomes.push(await allowAttempt("passkeySignIn", inside(n)));
    expect(outcomes).toEqual([true, true, true, false]);
    // The next /64 has its own budget.
    expect(await allowAttempt("passkeySignIn", `2001:db8:${third}:${(fourth + 1).toString(16)}::1`)).toBe(true);
  });
});
