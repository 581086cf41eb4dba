// The classic API (preprocess, coerce, defaults) on the server only; the
// schemas that reach the browser use zod/mini (lib/validation/fields.ts).
import { z } from "zod";

// Parses the environment once. Empty strings count as unset; there are no
// fallback secrets: a production deployment without one stops at start-up
// with a message naming it (see lib/auth-secret.ts for the development key).

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const positiveInt = (fallback: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(fallback));

// One application that signs its users in through Sésame (README.md, "Sign in with Sésame";
// lib/oidc): a client without a secret is public (it proves itself with PKCE alone).
const oidcClient = z
  .object({
    client_id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
    client_secret: z.string().min(32).optional(),
    client_name: z.string().min(1).max(100),
    redirect_uris: z.array(z.url()).min(1),
    post_logout_redirect_uris: z.array(z.url()).optional(),
    backchannel_logout_uri: z.url().optional(),
    first_party: z.boolean().default(false),
  })
  .strict();

export type OidcClientSetting = z.infer<typeof oidcClient>;

/** OIDC_CLIENTS: a JSON array of clients, each client_id once; unset is none. */
const oidcClients = z.preprocess(
  (value) => (value === undefined || value === "" ? "[]" : value),
  z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: "OIDC_CLIENTS must be a JSON array of clients" });
        return z.NEVER;
      }
    })
    .pipe(z.array(oidcClient))
    .refine((clients) => new Set(clients.map((client) => client.client_id)).size === clients.length, "each client_id once"),
);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalString,
  DIRECT_DATABASE_URL: optionalString,
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data")),
  AUTH_SECRET: optionalString,
  // The AUTH_SECRET before a rotation: two-step secrets encrypted under it still decrypt (docs/two-step.md).
  AUTH_SECRET_PREVIOUS: optionalString,
  APP_URL: z.preprocess(emptyAsUndefined, z.url().optional()),

  MAIL_TRANSPORT: z.preprocess(emptyAsUndefined, z.enum(["outbox", "resend"]).optional()),
  RESEND_API_KEY: optionalString,
  RESEND_WEBHOOK_SECRET: optionalString,
  MAIL_FROM: z.preprocess(emptyAsUndefined, z.string().default("Sésame <no-reply@sesame.localhost>")),
  SUPPORT_EMAIL: z.preprocess(emptyAsUndefined, z.email().default("support@sesame.localhost")),
  MAIL_POLL_MS: positiveInt(1000),
  MAIL_RETRY_HOURS: positiveInt(24),
  MAIL_RETRY_FIRST_MS: positiveInt(15_000),
  MAIL_LEASE_MS: positiveInt(60_000),

  LOCKOUT_MAX_ATTEMPTS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(2).default(5)),
  LOCKOUT_UNLOCK_AFTER_MINUTES: positiveInt(60),
  TWO_FACTOR_REMEMBER_DAYS: positiveInt(30),
  CONFIRM_TOKEN_TTL_HOURS: positiveInt(72),
  RESET_TOKEN_TTL_MINUTES: positiveInt(60),
  UNLOCK_TOKEN_TTL_HOURS: positiveInt(24),
  SESSION_MAX_AGE_DAYS: positiveInt(30),

  RATE_LIMIT_WINDOW_MINUTES: positiveInt(15),
  RATE_LIMIT_SIGNIN_PER_IP: positiveInt(100),
  RATE_LIMIT_SIGNIN_PER_ACCOUNT: positiveInt(30),
  RATE_LIMIT_SIGNUP_PER_IP: positiveInt(20),
  RATE_LIMIT_EMAIL_PER_IP: positiveInt(30),
  RATE_LIMIT_EMAIL_PER_ADDRESS: positiveInt(5),
  RATE_LIMIT_SIGNIN_PER_DEVICE: positiveInt(30),
  RATE_LIMIT_CONTACT_PER_ADDRESS: positiveInt(5),
  RATE_LIMIT_PASSWORD_CHANGE_PER_USER: positiveInt(10),
  RATE_LIMIT_EMAIL_CHANGE_PER_USER: positiveInt(10),
  RATE_LIMIT_SIGNOUT_EVERYWHERE_PER_USER: positiveInt(10),
  RATE_LIMIT_DEVICE_FORGET_PER_USER: positiveInt(30),
  RATE_LIMIT_PASSKEY_SIGNIN_PER_IP: positiveInt(300),
  RATE_LIMIT_PASSKEY_ADD_PER_USER: positiveInt(10),
  RATE_LIMIT_PASSKEY_CHANGE_PER_USER: positiveInt(30),
  NOT_ME_TOKEN_TTL_DAYS: positiveInt(7),

  RATE_LIMIT_SUPPORT_SEARCH_PER_AGENT: positiveInt(60),

  // "Vos données" on /compte (lib/privacy): the export, and the deletion's grace period.
  RATE_LIMIT_DATA_EXPORT_PER_USER: positiveInt(10),
  RATE_LIMIT_ACCOUNT_DELETION_PER_USER: positiveInt(10),
  ACCOUNT_DELETION_DELAY_DAYS: positiveInt(7),

  // "J'ai perdu l'accès à mon adresse email" (lib/auth/lost-mailbox.ts).
  RECOVERY_DELAY_DAYS: positiveInt(7),
  RECOVERY_CANCEL_TTL_DAYS: positiveInt(30),
  RATE_LIMIT_RECOVERY_PER_IP: positiveInt(10),
  RATE_LIMIT_RECOVERY_PER_ACCOUNT: positiveInt(3),

  // Support agents (lib/support/agents.ts): a confirmed account whose email is listed.
  SUPPORT_STAFF: z.preprocess(emptyAsUndefined, z.string().default("")),
  SUPPORT_IDLE_MINUTES: positiveInt(30),
  SUPPORT_ACTION_SESSION_MINUTES: positiveInt(60),

  RETENTION_INTERVAL_MINUTES: positiveInt(60),
  RETENTION_TOKENS_DAYS: positiveInt(7),
  RETENTION_EMAILS_DAYS: positiveInt(90),
  RETENTION_JOURNAL_DAYS: positiveInt(365),

  // The breached-password check (lib/auth/breached-passwords.ts): Have I Been Pwned's range API.
  PWNED_PASSWORDS: z.preprocess(emptyAsUndefined, z.enum(["on", "off"]).default("on")),
  PWNED_PASSWORDS_URL: z.preprocess(emptyAsUndefined, z.url().default("https://api.pwnedpasswords.com")),
  PWNED_PASSWORDS_TIMEOUT_MS: positiveInt(1000),

  HEALTH_MAIL_DELAY_SECONDS: positiveInt(300),
  METRICS_TOKEN: optionalString,

  // Sign in with Sésame (lib/oidc): the applications, and the signing keys (a JWKS with private keys; required in production).
  OIDC_CLIENTS: oidcClients,
  OIDC_JWKS: optionalString,

  // The end-to-end suite's user factory (lib/auth/test-users.ts): off unless "1", and only with the outbox transport.
  TEST_USER_FACTORY: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).default("0")),
});

export type Env = z.infer<typeof schema>;

function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

let cached: Env | undefined;

/** The parsed environment (parsed on first use, so tests can set variables first). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change variables between cases; this forgets the parsed copy. */
export function resetEnvForTests(): void {
  cached = undefined;
}

export const isProduction = () => env().NODE_ENV === "production";

/** Base URL used in emailed links. Never taken from the request's Host header. */
export function appUrl(): string {
  const { APP_URL } = env();
  if (APP_URL) return APP_URL.replace(/\/+$/, "");
  if (isProduction()) throw new Error("APP_URL is required in production (the base URL used in emailed links).");
  return "http://localhost:3000";
}
