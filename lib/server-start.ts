import { ensureMigrated } from "@/lib/db/migrate";
import { database } from "@/lib/db";
import { appUrl, env, isProduction } from "@/lib/env";
import { startDeliverer, stopDeliverer } from "@/lib/mail/outbox";
import { resumeAbandonedRequests } from "@/lib/auth/email-request-work";
import { closeDatabase } from "@/lib/db";
import { settleDeferredWork } from "@/lib/request/deferred-work";
import { activeTransport } from "@/lib/mail/transport-choice";
import { testUserFactoryEnabled } from "@/lib/auth/test-users";
import { authSecret } from "./auth-secret";
import { startRetention, stopRetention } from "@/lib/retention";
import { checkPrerenderedPages } from "@/lib/headers/prerendered";
import { log } from "@/lib/observability/log";
import { startOidc, type OidcHandler } from "@/lib/oidc/mount";
import { oidcJwks } from "@/lib/oidc/keys";

/**
 * The client address the app trusts is set by our server (server/index.mjs);
 * under `next start` a client would write its own, so production refuses.
 */
function checkServedByOurServer(): void {
  if ((globalThis as Record<symbol, unknown>)[Symbol.for("sesame.server")]) return;
  const message =
    "not started by server/index.mjs (npm start): client addresses cannot be known, so per-IP limits and the journal would trust what clients write.";
  if (isProduction()) throw new Error(`${message} Start it with \`npm start\`.`);
  log().warn({ event: "server.not_ours" }, message);
}

type OurServer = { trustedProxies: number; onStop: (() => Promise<void>)[]; oidc?: OidcHandler };

/**
 * What server/index.mjs runs on SIGTERM once no request is in flight: the
 * work promised after responses, then the deliverer (the email in hand is
 * sent, the rest given back to the other instances), then the database.
 */
function stopWithServer(): void {
  const server = (globalThis as Record<symbol, unknown>)[Symbol.for("sesame.server")] as OurServer | undefined;
  server?.onStop.push(async () => {
    await settleDeferredWork();
    stopRetention();
    await stopDeliverer();
    await closeDatabase();
  });
}

/**
 * Sign in with Sésame: the provider is built here, inside the app (its
 * storage, accounts and pages are lib/'s), and handed to our server, which
 * sends it every request under /oidc (server/index.mjs).
 */
function serveOidc(): void {
  const server = (globalThis as Record<symbol, unknown>)[Symbol.for("sesame.server")] as OurServer | undefined;
  if (server) server.oidc = startOidc(server.trustedProxies);
}

/** Start-up checks and background work of one app process. */
export async function startServer(): Promise<void> {
  // Fail now, with a message naming the missing setting, not on the first request.
  checkServedByOurServer();
  env();
  authSecret();
  appUrl();
  oidcJwks();
  const transport = activeTransport();
  if (isProduction()) checkPrerenderedPages();
  const applied = await ensureMigrated();
  const { kind } = database();
  log().info(
    { event: "database.migrated", database: kind, applied },
    applied.length ? `applied ${applied.length} migrations` : "database up to date",
  );
  if (transport === "outbox") {
    const banner = "MAIL_TRANSPORT=outbox: emails are NOT sent; they are readable by anyone at /dev/mailbox and /api/dev/mailbox.";
    log()[isProduction() ? "warn" : "info"]({ event: "mail.outbox_transport" }, banner);
  }
  if (testUserFactoryEnabled()) {
    log().warn({ event: "test_user_factory" }, "TEST_USER_FACTORY=1: anyone can create and lock accounts at /api/test/users.");
  }
  // Email requests a dead process accepted are worked by the deliverer's next pass.
  startDeliverer({ beforePass: resumeAbandonedRequests });
  startRetention();
  stopWithServer();
  serveOidc();
}

/** A server that cannot start stops, rather than staying up unable to serve. */
export async function startServerOrExit(): Promise<void> {
  try {
    await startServer();
  } catch (error) {
    log().fatal({ event: "server.cannot_start", err: error }, "cannot start");
    process.exit(1);
  }
}
