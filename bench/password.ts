// npm run bench:password — the cost of the password policy and of argon2id.
// Prints p50/p95 of the full policy check over 10,000 varied passwords, and
// of hashing and verifying. A measurement, not a test: nothing here fails.
import { randomBytes } from "node:crypto";
import * as common from "@zxcvbn-ts/language-common";
import { hashPassword, verifyPassword } from "@/lib/auth/password-hash";
import { passwordError } from "@/lib/validation/password-policy";
import { estimateStrength } from "@/lib/validation/password-strength";
import { scaled } from "./http";

const listed = common.dictionary["passwords-common"] as string[];
const words = ["soleil", "cheval", "tulipe", "quartz", "marseille", "kayak", "nuage", "pomme", "givre", "horloge"];

function varied(index: number): string {
  switch (index % 5) {
    case 0:
      return listed[(index * 7919) % listed.length]!;
    case 1:
      return `${listed[(index * 104729) % listed.length]}${index % 100}!`;
    case 2:
      return randomBytes(8 + (index % 12)).toString("base64url");
    case 3:
      return Array.from({ length: 4 }, (_, n) => words[(index + n * 3) % words.length]).join("-") + index;
    default:
      return `${words[index % words.length]}${1950 + (index % 75)}`;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

const started = performance.now();
estimateStrength("warm-up-password", []);
const loadMs = performance.now() - started;

const times: number[] = [];
let refused = 0;
const checks = scaled(10_000);
for (let index = 0; index < checks; index++) {
  const password = varied(index);
  const t0 = performance.now();
  if (passwordError(password, { pseudo: "camille_75", email: "camille.martin@example.fr" }, estimateStrength)) refused += 1;
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);

const hashTimes: number[] = [];
const verifyTimes: number[] = [];
let stored = "";
for (let index = 0; index < scaled(30); index++) {
  const t0 = performance.now();
  stored = await hashPassword(`Givre-Tulipe-${index}`);
  hashTimes.push(performance.now() - t0);
  const t1 = performance.now();
  await verifyPassword(stored, `Givre-Tulipe-${index}`);
  verifyTimes.push(performance.now() - t1);
}
hashTimes.sort((a, b) => a - b);
verifyTimes.sort((a, b) => a - b);

console.table({
  "dictionaries load (first check)": { p50: fmt(loadMs), p95: "" },
  [`policy check, ${checks} passwords`]: { p50: fmt(percentile(times, 50)), p95: fmt(percentile(times, 95)), max: fmt(times.at(-1)!) },
  "argon2id hash (m=19 MiB, t=2, p=1)": { p50: fmt(percentile(hashTimes, 50)), p95: fmt(percentile(hashTimes, 95)) },
  "argon2id verify": { p50: fmt(percentile(verifyTimes, 50)), p95: fmt(percentile(verifyTimes, 95)) },
});
console.log(`${refused} of ${checks} refused`);
