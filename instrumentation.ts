// Runs once when a server process starts, before it serves anything:
// checks the settings, brings the database up to date and starts the email
// deliverer (lib/server-start.ts, which stops the process, naming the missing
// setting, when it cannot start).

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` prerenders pages in workers of its own: no server starts there.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startServerOrExit } = await import("./lib/server-start");
  await startServerOrExit();
}
