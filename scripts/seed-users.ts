// npm run db:seed-users -- --count N --password P --prefix X
import { parseArgs } from "node:util";
import { seedConfirmedUsers } from "@/lib/auth/seed-users";
import { closeDatabase } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrate";
import { isProduction } from "@/lib/env";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "10" },
    password: { type: "string" },
    prefix: { type: "string", default: "demo" },
  },
});

if (isProduction()) {
  console.error("db:seed-users refuses to run in production.");
  process.exit(1);
}
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || !values.password || !/^[A-Za-z0-9._-]{1,20}$/.test(values.prefix ?? "")) {
  console.error("Usage: npm run db:seed-users -- --count N --password P --prefix X");
  process.exit(1);
}
try {
  await migrateDatabase();
  const created = await seedConfirmedUsers({ count, password: values.password, prefix: values.prefix! });
  console.info(`created ${created} confirmed users ${values.prefix}1..${values.prefix}${count} (@example.test)`);
} finally {
  await closeDatabase();
}
