// npm run load — 50 concurrent connections for 3 minutes (LOAD_SECONDS,
// LOAD_CONNECTIONS) against a production build on PostgreSQL, over loopback
// only, with the production rate limits: page views, right and wrong
// sign-ins across many accounts, credential stuffing on one account, and
// reset requests. Each virtual client has its own address (X-Forwarded-For,
// TRUST_PROXY=1), as behind a real proxy. Prints the figures, writes
// bench/results/load.json, and fails on any 5xx. `npm test` runs it
// for 5 s (scripts/smoke.mjs).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { seedConfirmedUsers } from "@/lib/auth/seed-users";
import { closeDatabase } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrate";
import { resetEnvForTests } from "@/lib/env";
import { Client, percentile } from "./http";
import { createDatabase, dropDatabase, residentMb, serverEnv, waitForServer } from "./server";

const port = Number(process.env.LOAD_PORT ?? 3300);
// LOAD_INSTANCES servers of the same build on one database (ports LOAD_PORT, +1, …); each request goes
// to one of them at random, as behind a load balancer.
const instances = Number(process.env.LOAD_INSTANCES ?? 1);
const bases = Array.from({ length: instances }, (_, index) => `http://127.0.0.1:${port + index}`);
const base = bases[0]!;
const seconds = Number(process.env.LOAD_SECONDS ?? 180);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);
const PASSWORD = "Load-Givre-Tulipe-2026";
const GOOD = 150; // load1…load150 only ever get their right password
const VICTIMS = 50; // load151…load200 get wrong ones, and get locked
const round = (value: number) => Number(value.toFixed(1));

type Kind = "page" | "signIn" | "wrongPassword" | "stuffing" | "reset";
type Outcome = "ok" | "refused" | "locked" | "rateLimited" | "5xx" | "other";
const mix: [Kind, number][] = [
  ["page", 40],
  ["signIn", 25],
  ["wrongPassword", 20],
  ["reset", 10],
  ["stuffing", 5],
];

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

function pickKind(): Kind {
  let roll = Math.random() * 100;
  for (const [kind, weight] of mix) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return "page";
}

/** What a sign-in's redirect says: Auth.js sends our refusal code in the Location. */
function signInOutcome(location: string, expectOk: boolean): Outcome {
  if (location.includes("code=rateLimited")) return "rateLimited";
  if (location.includes("code=locked") || location.includes("code=lastAttempt")) return "locked";
  if (location.includes("error=")) return "refused";
  return expectOk ? "ok" : "other";
}

const samples: { kind: Kind; outcome: Outcome; status: number; ms: number }[] = [];
const statuses = new Map<number, number>();

async function timed(kind: Kind, work: () => Promise<{ status: number; outcome: Outcome }>) {
  const started = performance.now();
  let result: { status: number; outcome: Outcome };
  try {
    result = await work();
  } catch {
    result = { status: 0, outcome: "other" };
  }
  const ms = performance.now() - started;
  samples.push({ kind, ms, ...result });
  statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
}

async function resetRequest(client: Client, email: string): Promise<{ status: number; outcome: Outcome }> {
  const { status, markup } = await client.requestReset(email);
  if (status >= 500) return { status, outcome: "5xx" };
  if (markup.includes("Trop de tentatives")) return { status, outcome: "rateLimited" };
  return { status, outcome: markup.includes("Si votre adresse email est enregistrée") ? "ok" : "other" };
}

async function oneRequest(worker: number) {
  // A new visitor each time, from one of 2,000 addresses: the per-IP limits
  // trip only for addresses that come back often, as in real traffic.
  const client = new Client(pick(bases), {
    "x-forwarded-for": `10.${worker}.${Math.floor(Math.random() * 40)}.1`,
    "accept-language": "fr-FR",
  });
  const kind = pickKind();
  await timed(kind, async () => {
    switch (kind) {
      case "page": {
        const response = await client.request(pick(["/connexion", "/inscription", "/aide", "/mot-de-passe-oublie", "/confirmation"]));
        await response.arrayBuffer();
        return { status: response.status, outcome: response.status >= 500 ? "5xx" : response.ok ? "ok" : "other" };
      }
      case "signIn": {
        const result = await client.signInCallback(`load${1 + Math.floor(Math.random() * GOOD)}`, PASSWORD);
        return { status: 302, outcome: result.ok ? "ok" : signInOutcome(result.location, true) };
      }
      case "wrongPassword": {
        const result = await client.signInCallback(`load${GOOD + 1 + Math.floor(Math.random() * VICTIMS)}`, "Not-The-Password-1");
        return { status: 302, outcome: signInOutcome(result.location, false) };
      }
      case "stuffing": {
        // Every stuffing client aims at one account: its per-account limit must answer.
        const result = await client.signInCallback("load1", `guess-${Math.random()}`);
        return { status: 302, outcome: signInOutcome(result.location, false) };
      }
      case "reset":
        return resetRequest(
          client,
          Math.random() < 0.5
            ? `load${1 + Math.floor(Math.random() * 200)}@example.test`
            : `nobody${Math.floor(Math.random() * 1e6)}@example.test`,
        );
    }
  });
}

async function main() {
  mkdirSync("bench/results", { recursive: true });
  if (!process.env.BENCH_SKIP_BUILD) {
    console.log("building…");
    if (spawnSync("npx", ["next", "build"], { stdio: "inherit", env: serverEnv(base, undefined, ".data/load") }).status !== 0)
      throw new Error("build failed");
  }
  const databaseUrl = await createDatabase("sesame_load");
  const dataDir = ".data/load";
  rmSync(dataDir, { recursive: true, force: true });
  Object.assign(process.env, { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, NODE_ENV: "development" });
  resetEnvForTests();
  await migrateDatabase();
  await seedConfirmedUsers({ count: GOOD + VICTIMS, password: PASSWORD, prefix: "load" });
  await closeDatabase();

  // The production limits (README), only the proxy trusted so that each client has its address.
  // LOAD_HEAP_MB caps the server's V8 heap: growth that is only lazy garbage collection stays under it; a leak crashes.
  const heap = process.env.LOAD_HEAP_MB ? [`--max-old-space-size=${process.env.LOAD_HEAP_MB}`] : [];
  const servers: ChildProcess[] = bases.map((_, index) =>
    spawn(process.execPath, [...heap, "server/index.mjs", "--port", String(port + index), "--hostname", "127.0.0.1"], {
      env: serverEnv(base, databaseUrl, dataDir, { TRUST_PROXY: "1" }),
      stdio: ["ignore", "ignore", "inherit"],
    }),
  );
  try {
    await Promise.all(bases.map((instance) => waitForServer(instance)));
    // Warm-up (JIT, pool, first renders), not counted.
    for (let index = 0; index < 30; index++) await oneRequest(0);
    samples.length = 0;
    statuses.clear();
    const memoryOf = servers.map((each) => [residentMb(each.pid!)]);
    const memory = memoryOf[0]!;
    const sampler = setInterval(() => servers.forEach((each, index) => memoryOf[index]!.push(residentMb(each.pid!))), 10_000);
    console.log(`load: ${connections} connections for ${seconds} s against ${bases.join(", ")}…`);
    const deadline = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: connections }, async (_, worker) => {
        while (Date.now() < deadline) await oneRequest(worker + 1);
      }),
    );
    clearInterval(sampler);
    servers.forEach((each, index) => memoryOf[index]!.push(residentMb(each.pid!)));

    const byKind = Object.fromEntries(
      mix.map(([kind]) => {
        const of = samples.filter((sample) => sample.kind === kind);
        const outcomes: Record<string, number> = {};
        for (const sample of of) outcomes[sample.outcome] = (outcomes[sample.outcome] ?? 0) + 1;
        return [
          kind,
          {
            requests: of.length,
            p50: round(
              percentile(
                of.map((s) => s.ms),
                50,
              ),
            ),
            p95: round(
              percentile(
                of.map((s) => s.ms),
                95,
              ),
            ),
            outcomes,
          },
        ];
      }),
    );
    const all = samples.map((sample) => sample.ms);
    const fiveHundreds = samples.filter((sample) => sample.status >= 500 || sample.outcome === "5xx").length;
    const results = {
      date: new Date().toISOString(),
      connections,
      seconds,
      instances,
      requests: samples.length,
      perSecond: round(samples.length / seconds),
      statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
      fiveHundreds,
      p50: round(percentile(all, 50)),
      p95: round(percentile(all, 95)),
      p99: round(percentile(all, 99)),
      byKind,
      memoryMb: {
        start: round(memory[0]!),
        afterWarmUp: round(memory[1] ?? memory[0]!),
        max: round(Math.max(...memory)),
        end: round(memory.at(-1)!),
        samples: memory.map(round),
      },
      memoryMbByInstance: memoryOf.map((samples) => ({ max: round(Math.max(...samples)), end: round(samples.at(-1)!) })),
    };
    writeFileSync("bench/results/load.json", JSON.stringify(results, null, 2) + "\n");
    console.log(`\n${results.requests} requests in ${seconds} s (${results.perSecond}/s), ${connections} connections`);
    console.log(`statuses: ${JSON.stringify(results.statuses)}; 5xx: ${fiveHundreds}`);
    console.log(`latency p50 ${results.p50} ms, p95 ${results.p95} ms, p99 ${results.p99} ms`);
    console.table(
      Object.fromEntries(
        Object.entries(byKind).map(([kind, value]) => [
          kind,
          { requests: value.requests, p50: value.p50, p95: value.p95, ...value.outcomes },
        ]),
      ),
    );
    console.log(
      `server RSS (MB): start ${results.memoryMb.start}, after 10 s ${results.memoryMb.afterWarmUp}, max ${results.memoryMb.max}, end ${results.memoryMb.end}`,
    );
    console.log(`samples every 10 s: ${results.memoryMb.samples.join(" ")}`);
    if (instances > 1)
      console.log(
        `RSS by instance (MB): ${results.memoryMbByInstance.map((each, index) => `#${index + 1} max ${each.max}, end ${each.end}`).join("; ")}`,
      );
    if (fiveHundreds > 0) process.exitCode = 1;
  } finally {
    await Promise.all(
      servers.map(async (each) => {
        if (each.exitCode !== null) return;
        each.kill("SIGTERM");
        await new Promise((resolve) => each.once("exit", resolve));
      }),
    );
    await dropDatabase(databaseUrl);
  }
}

await main();
