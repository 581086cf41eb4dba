import "server-only";

// The app's side of the process logger (server/log.mjs): one JSON line per event.
export { log, maskEmails } from "@/server/log.mjs";
