#!/usr/bin/env bash
# Writes a new Prisma migration offline: the SQL that takes the database from
# the last committed prisma/schema.prisma to the working copy.
# Prisma 7's CLI needs a native schema engine for this; Prisma 6.19's CLI
# with `engine: "js"` uses its WebAssembly engine instead, so we run that one
# from a scratch folder, with an in-memory PGlite as its driver adapter.
set -euo pipefail
name=${1:?usage: scripts/new-migration.sh <name_in_snake_case>}
[[ $name =~ ^[a-z0-9_]+$ ]] || { echo "name: lower case, digits and _ only" >&2; exit 1; }
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prisma 6 still wants a url in the datasource; it is not used by a diff.
with_url() { sed 's|provider = "postgresql"|provider = "postgresql"\n  url      = "postgresql://offline@localhost/offline"|'; }
git -C "$root" show HEAD:prisma/schema.prisma | with_url > "$work/from.prisma"
with_url < "$root/prisma/schema.prisma" > "$work/to.prisma"

cat > "$work/prisma.config.ts" <<'TS'
import { defineConfig } from "prisma/config";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
// An in-memory PGlite: the diff needs a driver adapter, never a server.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "to.prisma",
  adapter: async () => new PrismaPGlite(new PGlite()),
} as never);
TS
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent prisma@6.19 @prisma/client@6.19 pglite-prisma-adapter@0.6.1 @electric-sql/pglite@0.5.17 >/dev/null)

dir="$root/prisma/migrations/$(date -u +%Y%m%d%H%M%S)_$name"
mkdir -p "$dir"
(cd "$work" && PRISMA_QUERY_ENGINE_LIBRARY=$(command -v node) PRISMA_SCHEMA_ENGINE_BINARY=$(command -v node) \
  npx prisma migrate diff --from-schema-datamodel from.prisma --to-schema-datamodel to.prisma --script) > "$dir/migration.sql"
echo "wrote ${dir#$root/}/migration.sql:"
cat "$dir/migration.sql"
