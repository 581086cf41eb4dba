import { Prisma } from "./generated/client";

// One statement that writes rows of tables different modules own, all or
// nothing, without a transaction (one round trip; the sign-in chain and a
// wrong password's count need it). The caller's gate is a CTE named `gate`
// that returns the user_id the writes are for, and no row when it refuses;
// each owner exports its fragment, an INSERT … SELECT … FROM gate (or an
// UPDATE … WHERE EXISTS (SELECT 1 FROM gate)), so that its table is still
// written by its owner alone.

/** A table owner's fragment of a gated statement: it takes its user from the CTE `gate`. */
export type GatedWrite = { readonly gated: Prisma.Sql };

export const gatedWrite = (sql: Prisma.Sql): GatedWrite => ({ gated: sql });

/**
 * WITH gate AS (…), w0 AS (…), … followed by `select` (which may read gate).
 * With `proof`, that comes first as the CTE `proof`, and `gate` filters it
 * (a data-modifying proof runs whatever the gate then keeps).
 */
export function gatedStatement(gate: Prisma.Sql, writes: readonly GatedWrite[], select: Prisma.Sql, proof?: Prisma.Sql): Prisma.Sql {
  const parts = [
    ...(proof ? [Prisma.sql`proof AS (${proof})`] : []),
    Prisma.sql`gate AS (${gate})`,
    ...writes.map((write, index) => Prisma.sql`${Prisma.raw(`w${index}`)} AS (${write.gated})`),
  ];
  return Prisma.sql`WITH ${Prisma.join(parts, ", ")} ${select}`;
}
