// npm run bench:mail — how long a queued email waits before the in-process
// deliverer marks it delivered, with the outbox transport (median of 100).
import { db, closeDatabase } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrate";
import { queueEmail } from "@/lib/mail";
import { startDeliverer, stopDeliverer } from "@/lib/mail/outbox";
import { median, percentile, scaled } from "./http";

process.env.MAIL_TRANSPORT = "outbox";
process.env.DATA_DIR ??= "memory://";
await migrateDatabase();
startDeliverer();
const waits: number[] = [];
const count = scaled(100);
for (let index = 0; index < count; index++) {
  const queuedAt = performance.now();
  const id = await db.$transaction((tx) =>
    queueEmail(tx, {
      template: "password-changed",
      to: `latency${index}@example.test`,
      locale: "fr",
      props: { pseudo: "x", url: "http://localhost:3000/" },
    }),
  );
  for (;;) {
    const row = await db.outboxEmail.findUniqueOrThrow({ where: { id }, select: { status: true } });
    if (row.status === "sent") break;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  waits.push(performance.now() - queuedAt);
}
await stopDeliverer();
await closeDatabase();
console.log(
  `queued → delivered (outbox transport, ${count} emails): median ${median(waits).toFixed(1)} ms, p95 ${percentile(waits, 95).toFixed(1)} ms`,
);
