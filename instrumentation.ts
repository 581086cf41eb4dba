// Runs once when a server process starts, before it serves anything:
// checks the settings, brings the database up to date and starts the email
// deliverer. A missing production setting stops the process with a message
// that names it, rather than leaving a server that cannot serve.

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./lib/server-start");
  try {
    await startServer();
  } catch (error) {
    console.error(`[sesame] cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}
