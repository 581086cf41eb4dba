// Runs once when a server process starts, before it serves anything:
// brings the database up to date and starts the email deliverer.

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./lib/server-start");
  await startServer();
}
