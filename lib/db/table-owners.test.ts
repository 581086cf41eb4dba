import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// "Owns: the tokens table" and its like are promises: no other module writes
// that table, so its rules (a token made only one way, an email sent only one
// way) hold for every caller. This reads the source to keep them: every
// write to a table, in raw SQL or through Prisma, is in its owner's module.
// Deleting old rows is the retention pass's job too (lib/retention.ts).

const owners: Record<string, { model: string; files: string[] }> = {
  tokens: { model: "token", files: ["lib/auth/tokens.ts"] },
  sessions: { model: "session", files: ["lib/auth/session.ts"] },
  known_devices: { model: "knownDevice", files: ["lib/auth/known-device.ts"] },
  outbox_emails: { model: "outboxEmail", files: ["lib/mail/index.ts", "lib/mail/outbox.ts", "lib/mail/delivery.ts"] },
  security_events: { model: "securityEvent", files: ["lib/auth/security-events.ts"] },
  lock_paths: { model: "lockPath", files: ["lib/auth/lockout.ts"] },
  two_steps: { model: "twoStep", files: ["lib/auth/two-step.ts", "lib/auth/two-step/challenge.ts"] },
  recovery_codes: { model: "recoveryCode", files: ["lib/auth/two-step.ts", "lib/auth/two-step/challenge.ts"] },
  two_step_challenges: { model: "twoStepChallenge", files: ["lib/auth/two-step.ts", "lib/auth/two-step/challenge.ts"] },
  passkeys: {
    model: "passkey",
    files: ["lib/auth/passkeys/registration.ts", "lib/auth/passkeys/assertion.ts", "lib/auth/passkeys/management.ts"],
  },
  oidc_records: { model: "oidcRecord", files: ["lib/auth/oidc/store.ts"] },
  oidc_subjects: { model: "oidcSubject", files: ["lib/auth/oidc/subjects.ts"] },
};
const deletionsToo = ["lib/retention.ts"];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || entry.name === "testing" ? [] : sources(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The tables a source file writes, each with whether the write is a deletion. */
function writesOf(text: string): { table: string; deletion: boolean }[] {
  const found: { table: string; deletion: boolean }[] = [];
  for (const [table, { model }] of Object.entries(owners)) {
    const raw = new RegExp(`\\b(INSERT INTO|UPDATE|DELETE FROM)\\s+"?${table}"?\\b`, "g");
    for (const match of text.matchAll(raw)) found.push({ table, deletion: match[1] === "DELETE FROM" });
    const prisma = new RegExp(`\\.${model}\\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\\(`, "g");
    for (const match of text.matchAll(prisma)) found.push({ table, deletion: match[1]!.startsWith("delete") });
  }
  return found;
}

describe("each table is written by the module that owns it", () => {
  const files = [...sources("lib"), ...sources("app")];

  it("finds writes at all (the patterns are not blind)", () => {
    const tokens = readFileSync("lib/auth/tokens.ts", "utf8");
    expect(writesOf(tokens).map((write) => write.table)).toContain("tokens");
    expect(writesOf("INSERT INTO sessions (id) SELECT 1").map((write) => write.table)).toEqual(["sessions"]);
  });

  it("no other module writes tokens, sessions, known browsers, the outbox, the journal, lock paths, passkeys, two-step state or the OIDC tables", () => {
    const strays = files.flatMap((file) =>
      writesOf(readFileSync(file, "utf8"))
        .filter(({ table, deletion }) => !owners[table]!.files.includes(file) && !(deletion && deletionsToo.includes(file)))
        .map(({ table }) => `${file} writes ${table}`),
    );
    expect(strays).toEqual([]);
  });
});
