import "server-only";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { hashPassword } from "./password-hash";

// Confirmed demo and benchmark accounts: <prefix><i>@example.test / pseudo
// <prefix><i>, all sharing one password hashed once.

export async function seedConfirmedUsers(options: { count: number; password: string; prefix: string }): Promise<number> {
  const passwordHash = await hashPassword(options.password);
  const at = now();
  let created = 0;
  for (let start = 0; start < options.count; start += 500) {
    const batch = Array.from({ length: Math.min(500, options.count - start) }, (_, offset) => {
      const pseudo = `${options.prefix}${start + offset + 1}`;
      return { pseudo, pseudoKey: pseudo.toLowerCase(), email: `${pseudo.toLowerCase()}@example.test`, passwordHash, emailVerified: at };
    });
    const result = await db.user.createMany({ data: batch, skipDuplicates: true });
    created += result.count;
  }
  return created;
}
