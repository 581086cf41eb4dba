import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { authenticate } from "@/lib/auth/authenticate";
import { requestEmailChange } from "@/lib/auth/email-change";
import { recordSecurityEvent } from "@/lib/auth/security-events";
import { submitContactRequest } from "@/lib/support/contact";
import { createUser, emailsTo, freshClient, PASSWORD } from "@/lib/testing/factories";
import { addPasskey } from "@/lib/testing/passkeys";
import { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { downloadAccountData, EXPORT_FORMAT, exportAccountData } from "./export";

/** An account with something in every section: a sign-in, a passkey, a pending change, a message to support, an agent's action. */
async function busyAccount() {
  const user = await createUser();
  const client = freshClient();
  await addPasskey(user.id, new SoftwareAuthenticator());
  const signedIn = await authenticate({ identifier: user.email, password: PASSWORD }, client);
  if (!signedIn.ok) throw new Error(signedIn.code);
  await requestEmailChange({ userId: user.id, password: PASSWORD, newEmail: `new-${user.email}` }, client);
  await submitContactRequest(
    { email: user.email, subject: "Accès", message: "Je n’arrive plus à me connecter." },
    { userId: user.id, locale: "fr", client },
  );
  const agent = await createUser();
  await recordSecurityEvent(db, "support.unlocked", user.id, client, { actorId: agent.id, reason: "Demande par téléphone" });
  return { user, agent, signedIn };
}

describe("“Télécharger mes données”", () => {
  it("holds every section docs/your-data.md lists, in the documented shape", async () => {
    const { user } = await busyAccount();
    const data = (await exportAccountData(user.id))!;

    expect(data.format).toBe(EXPORT_FORMAT);
    expect(data.account).toMatchObject({ pseudo: user.pseudo, language: "fr", deletionScheduledFor: null });
    expect(data.addresses).toEqual([
      { address: user.email, role: "primary", confirmedAt: user.emailVerified!.toISOString() },
      expect.objectContaining({ address: `new-${user.email}`, role: "pending change" }),
    ]);
    expect(data.emailsSent.map((email) => email.subject)).toEqual((await emailsTo(user.email)).map((email) => email.subject));
    expect(data.emailsSent.length).toBeGreaterThanOrEqual(2);
    expect(data.securityJournal.map((entry) => entry.type)).toEqual(
      expect.arrayContaining(["passkey.added", "signin.success", "email.change_requested"]),
    );
    expect(data.knownBrowsers).toHaveLength(1);
    expect(data.passkeys).toEqual([expect.objectContaining({ createdAt: expect.any(String), lastUsedAt: null })]);
    expect(data.sessions).toHaveLength(1);
    expect(data.contactRequests).toEqual([expect.objectContaining({ subject: "Accès", message: "Je n’arrive plus à me connecter." })]);
    expect(data.supportActions).toEqual([expect.objectContaining({ type: "support.unlocked", reason: "Demande par téléphone" })]);
  });

  it("holds no hash, token, digest, cookie, key, link or email body", async () => {
    const { user, agent, signedIn } = await busyAccount();
    const file = await downloadAccountData(user.id, freshClient());
    if (!file || file === "rateLimited") throw new Error("no export");
    const json = file.json;

    const secrets = [
      (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash,
      ...(await db.token.findMany({ where: { userId: user.id } })).map((token) => token.tokenHash),
      ...(await db.session.findMany({ where: { userId: user.id } })).map((session) => session.sessionToken),
      ...(await db.knownDevice.findMany({ where: { userId: user.id } })).map((device) => device.tokenHash),
      ...(await db.passkey.findMany({ where: { userId: user.id } })).flatMap((passkey) => [
        passkey.credentialId,
        Buffer.from(passkey.publicKey).toString("base64url"),
        Buffer.from(passkey.publicKey).toString("base64"),
      ]),
      signedIn.sessionId,
      signedIn.deviceCookie!.value,
      user.id,
      agent.id,
    ];
    for (const secret of secrets) expect(json).not.toContain(secret);
    expect(json).not.toContain("$argon2");
    expect(json).not.toMatch(/https?:\/\//);
    // No 43-character base64url value (a raw token), no 64-character hex (a digest), no base32 secret.
    expect(json).not.toMatch(/[A-Za-z0-9_-]{43}/);
    expect(json).not.toMatch(/[0-9a-f]{64}/);
    expect(json).not.toMatch(/\b[A-Z2-7]{32,}\b/);
    for (const email of await emailsTo(user.email)) expect(json).not.toContain(email.text.slice(0, 200));
    expect(file.fileName).toBe(`sesame-donnees-${user.pseudo}.json`);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "data.exported" } })).toBe(1);
  });

  it("is limited per account: past the budget, nothing is read", async () => {
    const user = await createUser();
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await downloadAccountData(user.id, freshClient()));
    expect(answers.slice(0, 10).every((answer) => answer && answer !== "rateLimited")).toBe(true);
    expect(answers[10]).toBe("rateLimited");
  });
});
