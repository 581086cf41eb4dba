import { defineConfig } from "prisma/config";

// Prisma 7 reads the connection URL from here, not from the schema. The app
// never needs it (lib/db builds the driver adapter); the CLI does only for
// Prisma Migrate on a connected machine.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/sesame" },
});
