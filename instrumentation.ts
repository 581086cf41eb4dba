// Runs once when a server process starts, before it serves anything:
// checks the settings, brings the database up to date and starts the email
// deliverer (lib/server-start.ts, which stops the process, naming the missing
// setting, when it cannot start).

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerOrExit } = await import("./lib/server-start");
  await startServerOrExit();
}
