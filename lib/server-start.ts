import { ensureMigrated } from "@/lib/db/migrate";
import { database } from "@/lib/db";
import { appUrl, env, isProduction } from "@/lib/env";
import { startDeliverer } from "@/lib/mail/outbox";
import { activeTransport } from "@/lib/mail/transport-choice";
import { authSecret } from "@/lib/auth/secret";
import { startRetention } from "@/lib/retention";
import { checkPrerenderedPages } from "@/lib/http/prerendered";

/**
 * The client address the app trusts is set by our server (server/index.mjs);
 * under `next start` a client would write its own, so production refuses.
 */
function checkServedByOurServer(): void {
  if ((globalThis as Record<symbol, unknown>)[Symbol.for("sesame.server")]) return;
  const message =
    "not started by server/index.mjs (npm start): client addresses cannot be known, so per-IP limits and the journal would trust what clients write.";
  if (isProduction()) throw new Error(`${message} Start it with \`npm start\`.`);
  console.warn(`[sesame] ${message}`);
}

/** Start-up checks and background work of one app process. */
export async function startServer(): Promise<void> {
  // Fail now, with a message naming the missing setting, not on the first request.
  checkServedByOurServer();
  env();
  authSecret();
  appUrl();
  const transport = activeTransport();
  if (isProduction()) checkPrerenderedPages();
  const applied = await ensureMigrated();
  const { kind } = database();
  console.info(`[sesame] database: ${kind}${applied.length ? `, applied ${applied.join(", ")}` : ", up to date"}`);
  if (transport === "outbox") {
    const banner = "[sesame] MAIL_TRANSPORT=outbox: emails are NOT sent; they are readable by anyone at /dev/mailbox and /api/dev/mailbox.";
    if (isProduction()) console.warn(`\n${"!".repeat(banner.length)}\n${banner}\n${"!".repeat(banner.length)}\n`);
    else console.info(banner);
  }
  startDeliverer();
  startRetention();
}

/** A server that cannot start stops, rather than staying up unable to serve. */
export async function startServerOrExit(): Promise<void> {
  try {
    await startServer();
  } catch (error) {
    console.error(`[sesame] cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}
