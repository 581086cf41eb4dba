import "server-only";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { eraseDueAccounts } from "./erasure";

// The end-to-end suite's shortcut past a grace period (POST /api/test/users/erasure),
// behind the user factory's gate (lib/auth/test-users.ts): never in a real deployment.

/**
 * Takes a closed account past its grace period, as the clock would (its due
 * date moves to now: the server's clock is every parallel test's), then runs
 * the erasure job. False when the account is not closed.
 */
export async function endTestUserGracePeriod(email: string): Promise<boolean> {
  const moved = await db.user.updateMany({
    where: { email: email.trim().toLowerCase(), deletionDueAt: { not: null } },
    data: { deletionDueAt: now() },
  });
  if (moved.count === 0) return false;
  await eraseDueAccounts();
  return true;
}
