import { test, expect, type APIRequestContext } from "@playwright/test";
import {
  apiContext,
  answer,
  changed,
  confirmedAccount,
  french,
  outboxSettled,
  plantToken,
  postCredentials,
  postForm,
  snapshot,
  tokenRow,
  type Posted,
} from "./stage";
import { emailLinkRoutes, flowNames, invalidLinkPath, type FlowName } from "../../lib/flows";
import type { TokenPurpose } from "../../lib/db/generated/enums";

// Every form and every emailed-link route, fed what people and robots really
// send. Each case must get a translated message, a status below 500, and
// leave the database as it was: every row of every data table compared
// before and after (rate-limit counters are not compared; failed sign-ins
// are journaled on purpose, and only those cases may add to the journal).

const PASSWORD = "Givre-Tulipe-Kayak-73";
const OWNER = { pseudo: "hostile01" };
const big = "x".repeat(100_000);
const nul = "\u0000";

type Form = { path: string; marker: string; valid: Record<string, string>; signedIn?: boolean };
const forms = {
  signUp: {
    path: "/inscription",
    marker: "pseudo",
    valid: {
      pseudo: "newcomer01",
      email: "newcomer01@example.test",
      password: "Ortie-Galet-Brume-58",
      passwordConfirmation: "Ortie-Galet-Brume-58",
    },
  },
  signIn: { path: "/connexion", marker: "identifier", valid: { identifier: "nobody-here", password: "Wrong-Password-000" } },
  confirmation: { path: "/confirmation", marker: "email", valid: { email: "nobody@example.test" } },
  unlock: { path: "/deverrouillage", marker: "email", valid: { email: "nobody@example.test" } },
  forgot: { path: "/mot-de-passe-oublie", marker: "email", valid: { email: "nobody@example.test" } },
  contact: {
    path: "/aide",
    marker: "subject",
    valid: { email: "nobody@example.test", subject: "Accès", message: "Je ne peux pas me connecter." },
  },
  changePassword: {
    path: "/compte",
    marker: "currentPassword",
    valid: { currentPassword: PASSWORD, password: "Ortie-Galet-Brume-58", passwordConfirmation: "Ortie-Galet-Brume-58" },
    signedIn: true,
  },
  changeEmail: { path: "/compte", marker: "newEmail", valid: { newEmail: "elsewhere01@example.test", password: PASSWORD }, signedIn: true },
} satisfies Record<string, Form>;

/** [form, what is tried, the fields that differ from a valid submission, the message shown, journaled?] */
type FormCase = [keyof typeof forms, string, Record<string, string>, string, "journaled"?];
const emailForms = ["confirmation", "unlock", "forgot"] as const;
const badEmails: [string, string, string][] = [
  ["empty", "", "form.required"],
  ["spaces only", "   ", "form.required"],
  ["100 KB", `${big}@example.test`, "form.tooLong"],
  ["a NUL byte", `ab${nul}c@example.test`, "form.invalidEmail"],
  ["a control character", "ab\u0007c@example.test", "form.invalidEmail"],
  ["a Cyrillic confusable", "hоstile01@example.test", "form.invalidEmail"],
  ["an unnormalised accent", "cami\u0301lle@example.test", "form.invalidEmail"],
  ["HTML", "<script>alert(1)</script>@example.test", "form.invalidEmail"],
  ["SQL", "' OR '1'='1'; --", "form.invalidEmail"],
  ["no domain", "camille@", "form.invalidEmail"],
  ["two @", "a@b@example.test", "form.invalidEmail"],
  ["no @", "camille.example.test", "form.invalidEmail"],
];

const formCases: FormCase[] = [
  ...emailForms.flatMap((form) => badEmails.map(([label, email, message]): FormCase => [form, `email: ${label}`, { email }, message])),
  ...badEmails.map(([label, email, message]): FormCase => ["signUp", `email: ${label}`, { email }, message]),
  ...badEmails.map(([label, email, message]): FormCase => ["contact", `email: ${label}`, { email }, message]),
  ...badEmails.map(([label, newEmail, message]): FormCase => ["changeEmail", `new email: ${label}`, { newEmail }, message]),
  ["signUp", "pseudo: empty", { pseudo: "" }, "form.required"],
  ["signUp", "pseudo: spaces only", { pseudo: "    " }, "form.required"],
  ["signUp", "pseudo: 100 KB", { pseudo: big }, "form.tooLong"],
  ["signUp", "pseudo: a NUL byte", { pseudo: `new${nul}comer` }, "form.invalidPseudo"],
  ["signUp", "pseudo: a Cyrillic confusable of a taken one", { pseudo: "hоstile01" }, "form.invalidPseudo"],
  ["signUp", "pseudo: unnormalised accent", { pseudo: "cami\u0301lle" }, "form.invalidPseudo"],
  ["signUp", "pseudo: HTML", { pseudo: "<img src=x onerror=alert(1)>" }, "form.invalidPseudo"],
  ["signUp", "pseudo: SQL", { pseudo: "robert');DROP TABLE users;--" }, "form.invalidPseudo"],
  ["signUp", "pseudo: taken, other case", { pseudo: "HOSTILE01" }, "errors.pseudoTaken"],
  ["signUp", "email: taken, other case", { email: "HOSTILE01@Example.test" }, "errors.emailTaken"],
  ["signUp", "password: empty", { password: "", passwordConfirmation: "" }, "form.required"],
  ["signUp", "password: spaces only", { password: "          ", passwordConfirmation: "          " }, "errors.passwordTooCommon"],
  ["signUp", "password: 100 KB", { password: big, passwordConfirmation: big }, "errors.passwordTooLong"],
  ["signUp", "password: 9 characters", { password: "Kq7#vLp2x", passwordConfirmation: "Kq7#vLp2x" }, "errors.passwordTooShort"],
  ["signUp", "password: common", { password: "motdepasse123", passwordConfirmation: "motdepasse123" }, "errors.passwordTooCommon"],
  [
    "signUp",
    "password: the pseudo",
    { pseudo: "Kayak-Ortie-Lune", password: "Kayak-Ortie-Lune", passwordConfirmation: "Kayak-Ortie-Lune" },
    "errors.passwordLikeIdentity",
  ],
  ["signUp", "confirmation: different", { passwordConfirmation: "Ortie-Galet-Brume-59" }, "errors.passwordMismatch"],
  ["signIn", "identifier: empty", { identifier: "" }, "form.required"],
  ["signIn", "identifier: spaces only", { identifier: "   " }, "form.required"],
  ["signIn", "identifier: 100 KB", { identifier: big }, "form.tooLong"],
  ["signIn", "identifier: a NUL byte", { identifier: `hostile${nul}01` }, "form.invalidCharacters"],
  ["signIn", "identifier: a control character", { identifier: "hostile\u001b01" }, "form.invalidCharacters"],
  ["signIn", "identifier: a Cyrillic confusable", { identifier: "hоstile01" }, "errors.invalidCredentials", "journaled"],
  ["signIn", "identifier: HTML", { identifier: "<script>alert(1)</script>" }, "errors.invalidCredentials", "journaled"],
  ["signIn", "identifier: SQL", { identifier: "' OR '1'='1'; --" }, "errors.invalidCredentials", "journaled"],
  ["signIn", "password: empty", { password: "" }, "form.required"],
  ["signIn", "password: 100 KB", { password: big }, "form.tooLong"],
  ["signIn", "password: a NUL byte", { password: `a${nul}b` }, "errors.invalidCredentials", "journaled"],
  ["contact", "subject: empty", { subject: "" }, "form.required"],
  ["contact", "subject: spaces only", { subject: "   " }, "form.required"],
  ["contact", "subject: 100 KB", { subject: big }, "form.tooLong"],
  ["contact", "subject: a NUL byte", { subject: `a${nul}b` }, "form.invalidCharacters"],
  ["contact", "subject: a line break and a header", { subject: "Accès\r\nBcc: victim@example.test" }, "form.singleLine"],
  ["contact", "subject: only bidi controls", { subject: "\u202e\u2066" }, "form.required"],
  ["contact", "message: 100 KB", { message: big }, "form.tooLong"],
  ["contact", "message: a control character", { message: "bell\u0007" }, "form.invalidCharacters"],
  ["changePassword", "current password: empty", { currentPassword: "" }, "form.required"],
  ["changePassword", "current password: 100 KB", { currentPassword: big }, "errors.passwordTooLong"],
  ["changePassword", "new password: 100 KB", { password: big, passwordConfirmation: big }, "errors.passwordTooLong"],
  [
    "changePassword",
    "new password: NUL-padded common",
    { password: `motdepasse${nul}`, passwordConfirmation: `motdepasse${nul}` },
    "errors.passwordTooCommon",
  ],
  ["changePassword", "new password: 9 characters", { password: "hostile01", passwordConfirmation: "hostile01" }, "errors.passwordTooShort"],
  ["changePassword", "confirmation: different", { passwordConfirmation: "Ortie-Galet-Brume-59" }, "errors.passwordMismatch"],
  ["changeEmail", "new email: the current one, other case", { newEmail: "HOSTILE01@example.test" }, "errors.emailTaken"],
  ["changeEmail", "password: empty", { password: "" }, "form.required"],
  ["changeEmail", "password: 100 KB", { password: big }, "errors.passwordTooLong"],
];

/**
 * Every declared emailed-link flow (lib/flows.ts): its route, its token's
 * purpose, where a refused link lands (null: the page shows the refusal
 * itself). The suite adds a purpose each must refuse and the button that uses
 * a good link up (null: the reset form, or pressed by the flow's own tests);
 * a flow declared without them does not compile.
 */
type TokenMaker = string | ((userId: string) => Promise<string>);
const suiteOf: Record<FlowName, { other: TokenPurpose; button: string | null }> = {
  confirm: { other: "reset", button: "Confirmer mon compte" },
  unlock: { other: "confirm", button: "Déverrouiller mon compte" },
  emailChange: { other: "unlock", button: "Confirmer cette adresse" },
  reset: { other: "email_change", button: null },
  // Its page's button ends every way in; the refusals are the GET's (lib/auth/not-me.test.ts and e2e/hostile/takeover.spec.ts press it).
  notMe: { other: "reset", button: null },
  // The same, from the passkey-added email.
  passkeyNotMe: { other: "not_me", button: null },
  // Its button keeps a closed account; the owner here is open, so lib/privacy/deletion.test.ts and e2e/your-data.spec.ts press it.
  deletionCancel: { other: "not_me", button: null },
  // Its button confirms the address the token names, which needs that address pending: lib/auth/recovery-address.test.ts and e2e/recovery-address.spec.ts press it.
  recoveryAddress: { other: "email_change", button: null },
  // Its button needs the request it names still unconfirmed: lib/auth/lost-mailbox.test.ts and e2e/lost-mailbox.spec.ts press it.
  recoveryRequest: { other: "recovery_address", button: null },
  // Its button cancels an open request; lib/auth/lost-mailbox.test.ts and e2e/lost-mailbox.spec.ts press it.
  recoveryCancel: { other: "recovery_request", button: null },
};
const linkRoutes = Object.fromEntries(
  flowNames().map((flow) => {
    const route = emailLinkRoutes[flow];
    const landing = route.refusal === "redirect" ? invalidLinkPath(flow) : null;
    return [flow, { path: `${route.path}/`, purpose: route.purpose as TokenPurpose, landing, ...suiteOf[flow] }];
  }),
) as Record<FlowName, { path: string; purpose: TokenPurpose; other: TokenPurpose; landing: string | null; button: string | null }>;
const badTokens: [string, TokenMaker][] = [
  ["too short", "abc"],
  ["one character too long", "A".repeat(44)],
  ["2,000 characters", "A".repeat(2000)],
  ["not base64url", `${"A".repeat(41)}%2B%2F`],
  ["a NUL byte", `${"A".repeat(42)}%00`],
  ["HTML", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"],
  ["SQL", "'%20OR%20'1'%3D'1"],
  ["path traversal", "..%2F..%2Fapi%2Fdev%2Fmailbox"],
  ["well formed but unknown", "A".repeat(43)],
];

let owner: { id: string };

test.beforeAll(async () => {
  const anonymous = await apiContext();
  owner = await confirmedAccount(anonymous, OWNER.pseudo, PASSWORD);
  await anonymous.dispose();
});

/** What the browser then shows: the answer itself, or the page a refused sign-in's redirect leads to (/connexion?code=…). */
async function shownAfter(context: APIRequestContext, result: Posted): Promise<Posted> {
  if (result.status !== 303 || !result.location?.includes("code=")) return result;
  const page = await context.get(result.location, { maxRedirects: 0 });
  return answer(page.status(), await page.text());
}

function expectAnswered(result: Posted, message: string) {
  expect(result.status, "no server error").toBeLessThan(500);
  expect(result.text).toContain(french(message));
  // A payload is never sent back as markup (it may appear escaped, or not at all).
  expect(result.raw).not.toMatch(/<script>alert\(1\)|<img src=x onerror/);
}

test.describe("every form refuses bad input with a translated message and changes nothing", () => {
  let signedIn: APIRequestContext;
  let anonymous: APIRequestContext;
  test.beforeAll(async () => {
    anonymous = await apiContext();
    signedIn = await apiContext();
    const result = await postCredentials(signedIn, OWNER.pseudo, PASSWORD);
    expect(result.location).toContain("/compte");
    await outboxSettled();
  });
  test.afterAll(async () => {
    await Promise.all([anonymous.dispose(), signedIn.dispose()]);
  });

  for (const [formName, label, fields, message, journaled] of formCases) {
    test(`${formName}: ${label}`, async () => {
      const form: Form = forms[formName];
      const before = await snapshot();
      const context = form.signedIn ? signedIn : anonymous;
      const result = await postForm(context, form.path, { ...form.valid, ...fields }, form.marker);
      expect(result.raw).not.toMatch(/<script>alert\(1\)|<img src=x onerror/);
      expectAnswered(await shownAfter(context, result), message);
      const after = await snapshot();
      expect(changed(before, after)).toEqual(journaled ? ["security_events"] : []);
    });
  }

  test("Auth.js's own endpoint refuses the same identifiers without a server error", async () => {
    const before = await snapshot();
    for (const identifier of ["", big, `hostile${nul}01`, "' OR '1'='1'; --"]) {
      const result = await postCredentials(anonymous, identifier, "Wrong-Password-000");
      expect(result.status).toBe(302);
      expect(result.location).toContain("code=invalidCredentials");
    }
    expect((await anonymous.get("/connexion?error=CredentialsSignin&code=invalidCredentials")).status()).toBe(200);
    expect(changed(before, await snapshot()).filter((table) => table !== "security_events")).toEqual([]);
  });
});

test.describe("every emailed-link route refuses bad tokens with a translated message and changes nothing", () => {
  let anonymous: APIRequestContext;
  test.beforeAll(async () => {
    anonymous = await apiContext();
  });
  test.afterAll(async () => anonymous.dispose());

  const planted: [string, (route: (typeof linkRoutes)[keyof typeof linkRoutes]) => TokenMaker][] = [
    ["expired", (route) => (userId) => plantToken(userId, route.purpose, { expired: true, newEmail: "planted01@example.test" })],
    ["already used", (route) => (userId) => plantToken(userId, route.purpose, { used: true, newEmail: "planted02@example.test" })],
    ["of another purpose", (route) => (userId) => plantToken(userId, route.other, { newEmail: "planted03@example.test" })],
  ];

  for (const [routeName, route] of Object.entries(linkRoutes)) {
    const cases: [string, TokenMaker][] = [...badTokens, ...planted.map(([label, make]): [string, TokenMaker] => [label, make(route)])];
    for (const [label, maker] of cases) {
      test(`${routeName}: ${label}`, async () => {
        const token = typeof maker === "string" ? maker : await maker(owner.id);
        const before = await snapshot();
        const response = await anonymous.get(`${route.path}${token}`, { maxRedirects: 0 });
        expect(response.status(), "no server error").toBeLessThan(500);
        let page = response;
        // A used confirmation link of a confirmed account says so (docs/flows.md), rather than "invalid".
        const alreadyConfirmed = routeName === "confirm" && label === "already used";
        const landing = alreadyConfirmed ? "/connexion?code=alreadyConfirmed" : route.landing;
        if (landing) {
          expect(response.status()).toBe(307);
          expect(response.headers()["location"]).toBe(landing);
          page = await anonymous.get(landing);
        }
        expectAnswered(answer(page.status(), await page.text()), alreadyConfirmed ? "errors.alreadyConfirmed" : "errors.invalidLink");
        expect(changed(before, await snapshot())).toEqual([]);
      });
    }
  }

  for (const [routeName, route] of Object.entries(linkRoutes)) {
    const { button, landing } = route;
    if (!button) continue;
    test(`${routeName}: the button refuses a token swapped for a bad one, and keeps the real one usable`, async () => {
      const valid = await plantToken(owner.id, route.purpose, { newEmail: `swapped-${routeName.toLowerCase()}@example.test` });
      const path = `${route.path}${valid}`;
      for (const [label, maker] of [...badTokens, ...planted.map(([label, make]): [string, TokenMaker] => [label, make(route)])]) {
        const token = typeof maker === "string" ? decodeURIComponent(maker) : await maker(owner.id);
        const before = await snapshot();
        const result = await postForm(anonymous, path, { token }, { button });
        expect(result.status, label).toBe(303);
        const alreadyConfirmed = routeName === "confirm" && label === "already used";
        expect(result.location, label).toBe(alreadyConfirmed ? "/connexion?code=alreadyConfirmed" : landing);
        expect(changed(before, await snapshot()), label).toEqual([]);
      }
      expect(await tokenRow(valid)).toEqual({ used_at: null });
    });
  }

  test("the reset form refuses a token swapped for a bad one, and keeps the real one usable", async () => {
    const valid = await plantToken(owner.id, "reset");
    const path = `/reinitialisation/${valid}`;
    for (const [label, maker] of [...badTokens, ...planted.map(([label, make]): [string, TokenMaker] => [label, make(linkRoutes.reset)])]) {
      const token = typeof maker === "string" ? decodeURIComponent(maker) : await maker(owner.id);
      const before = await snapshot();
      const result = await postForm(
        anonymous,
        path,
        { token, password: "Ortie-Galet-Brume-58", passwordConfirmation: "Ortie-Galet-Brume-58" },
        "password",
      );
      expect(result.status, label).toBeLessThan(500);
      expect(result.text, label).toContain(french("errors.invalidLink"));
      expect(changed(before, await snapshot()), label).toEqual([]);
    }
    expect((await anonymous.get(path)).status()).toBe(200);
    expect(await tokenRow(valid)).toEqual({ used_at: null });
  });
});
