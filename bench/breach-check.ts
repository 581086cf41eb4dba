// npm run bench:breach — what the breached-password check costs the user.
// Two production servers of one build on one PostgreSQL database (the local
// server, BENCH_DATABASE_URL), one with PWNED_PASSWORDS=off and one pointed at
// the range API's stand-in (scripts/pwned-passwords-stand-in.mjs) answering
// every request BREACH_BENCH_DELAY_MS (default 50) late. Requests alternate
// between the two, so the machine's own noise lands on both alike. Prints the
// median and p95 of sign-ins through the /connexion form (each account signs
// in once on each server, with a password of its own: the lookup after the
// answer is never served from the range cache) and of sign-ups (each with a
// new password: a request per sign-up). Builds first unless BENCH_SKIP_BUILD.
// A measurement, not a test: nothing here fails on a figure.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { seedConfirmedUsers } from "@/lib/auth/seed-users";
import { closeDatabase } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrate";
import { resetEnvForTests } from "@/lib/env";
import { pwnedPasswordsStandIn } from "@/scripts/pwned-passwords-stand-in.mjs";
import { Client, median, percentile, scaled } from "./http";
import { createDatabase, dropDatabase, serverEnv, waitForServer } from "./server";

const port = Number(process.env.BENCH_PORT ?? 3200);
const delayMs = Number(process.env.BREACH_BENCH_DELAY_MS ?? 50);
const signIns = scaled(100);
const signUps = scaled(60);
const warmUps = scaled(10);
const round = (value: number) => Number(value.toFixed(1));
const passwordOf = (index: number) => `Banc-Essai-${index}-Loutre`;

type Side = "off" | "on";

async function main() {
  const bases: Record<Side, string> = { off: `http://127.0.0.1:${port}`, on: `http://127.0.0.1:${port + 1}` };
  const limits = {
    RATE_LIMIT_SIGNIN_PER_IP: "1000000",
    RATE_LIMIT_SIGNIN_PER_ACCOUNT: "1000000",
    RATE_LIMIT_SIGNUP_PER_IP: "1000000",
    RATE_LIMIT_EMAIL_PER_IP: "1000000",
    RATE_LIMIT_EMAIL_PER_ADDRESS: "1000000",
  };
  if (!process.env.BENCH_SKIP_BUILD) {
    console.log("building…");
    if (spawnSync("npx", ["next", "build"], { stdio: "inherit", env: serverEnv(bases.off, undefined, ".data/bench-breach") }).status !== 0)
      throw new Error("build failed");
  }

  const stand = pwnedPasswordsStandIn();
  const standUrl = await stand.listen();
  stand.delayMs = delayMs;

  const databaseUrl = await createDatabase("sesame_breach_bench");
  const dataDir = ".data/bench-breach";
  rmSync(dataDir, { recursive: true, force: true });
  Object.assign(process.env, { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, NODE_ENV: "development" });
  resetEnvForTests();
  await migrateDatabase();
  console.log(`seeding ${signIns + warmUps} accounts, each with a password of its own…`);
  for (let index = 1; index <= signIns + warmUps; index++)
    await seedConfirmedUsers({ count: 1, password: passwordOf(index), prefix: `breach${index}_` });
  await closeDatabase();

  const servers: ChildProcess[] = [];
  try {
    for (const side of ["off", "on"] as const) {
      const env = serverEnv(bases[side], databaseUrl, dataDir, {
        ...limits,
        ...(side === "on" ? { PWNED_PASSWORDS: "on", PWNED_PASSWORDS_URL: standUrl } : {}),
      });
      servers.push(
        spawn(process.execPath, ["server/index.mjs", "--port", String(new URL(bases[side]).port)], {
          env,
          stdio: ["ignore", "ignore", "inherit"],
        }),
      );
    }
    await Promise.all(Object.values(bases).map(waitForServer));

    const pages = {
      signIn: await (await fetch(`${bases.off}/connexion`)).text(),
      signUp: await (await fetch(`${bases.off}/inscription`)).text(),
    };
    const signIn = async (side: Side, index: number) => {
      const result = await new Client(bases[side]).signInForm(pages.signIn, `breach${index}_1`, passwordOf(index));
      if (!result.ok) throw new Error(`sign-in failed on ${side}: ${result.location}`);
      return result.ms;
    };
    let serial = 0;
    const signUp = async (side: Side) => {
      serial += 1;
      const pseudo = `newcomer${Date.now().toString(36)}${serial}`;
      const password = `Nouvelle-Loutre-${serial}-${Date.now().toString(36)}`;
      const result = await new Client(bases[side]).postForm("/inscription", pages.signUp, {
        pseudo,
        email: `${pseudo}@example.test`,
        password,
        passwordConfirmation: password,
      });
      if (!result.markup.includes("Un email contenant un lien de confirmation"))
        throw new Error(`sign-up failed on ${side}: ${result.status}`);
      return result.ms;
    };

    // Warm-up on both (JIT, pools, first renders), with accounts of its own.
    for (let index = signIns + 1; index <= signIns + warmUps; index++) {
      for (const side of ["off", "on"] as const) {
        await signIn(side, index);
        await signUp(side);
      }
    }

    const times: Record<string, number[]> = { "sign-in off": [], "sign-in on": [], "sign-up off": [], "sign-up on": [] };
    const requestsBefore = stand.requests.length;
    for (let index = 1; index <= signIns; index++) {
      // Alternating which goes first, so neither side always follows the other's after-answer work.
      const order: Side[] = index % 2 ? ["off", "on"] : ["on", "off"];
      for (const side of order) times[`sign-in ${side}`]!.push(await signIn(side, index));
    }
    // The lookups promised after the answers land (one per sign-in on the "on" side).
    await new Promise((resolve) => setTimeout(resolve, delayMs * 4 + 500));
    const signInLookups = stand.requests.length - requestsBefore;
    for (let index = 0; index < signUps; index++) {
      const order: Side[] = index % 2 ? ["off", "on"] : ["on", "off"];
      for (const side of order) times[`sign-up ${side}`]!.push(await signUp(side));
    }

    console.log(`\nrange API stand-in answering ${delayMs} ms late; ${signInLookups} lookups after the ${signIns} "on" sign-ins`);
    console.table(
      Object.fromEntries(
        Object.entries(times).map(([name, values]) => [
          name,
          { n: values.length, p50: round(median(values)), p95: round(percentile(values, 95)) },
        ]),
      ),
    );
  } finally {
    for (const server of servers) server.kill("SIGTERM");
    await stand.close();
    await dropDatabase(databaseUrl).catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
