import "server-only";
import type { Prisma } from "@/lib/db";

// Which account an address typed on a request page (/mot-de-passe-oublie,
// /deverrouillage) names: the account that signs in with it, else the one
// whose confirmed recovery address it is (lib/auth/recovery-address.ts; a
// pending one never names an account). A leaf module, read by the request
// flows without importing the recovery address's own, which reauthenticates.

export type AddressOwner = { id: string; email: string; pseudo: string; locale: string };

const owner = { id: true, email: true, pseudo: true, locale: true } as const;

export async function accountByAddress(tx: Prisma.TransactionClient, address: string): Promise<AddressOwner | null> {
  const own = await tx.user.findUnique({ where: { email: address }, select: owner });
  if (own) return own;
  const row = await tx.recoveryAddress.findFirst({
    where: { email: address, confirmedAt: { not: null } },
    select: { user: { select: owner } },
  });
  return row?.user ?? null;
}
