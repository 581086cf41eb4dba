import "server-only";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { applyDueRecoveries } from "./lost-mailbox";

// The end-to-end suite's shortcut past a recovery request's wait (POST
// /api/test/users/recovery), behind the user factory's gate
// (lib/auth/test-users.ts): never in a real deployment.

/**
 * Takes the account's waiting request past its delay, as the clock would
 * (its due date moves to now: the server's clock is every parallel test's),
 * then runs the job. An approval is still required when one is: this moves
 * time, not the rules. False when the account has no waiting request.
 */
export async function endTestRecoveryDelay(email: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  if (!user) return false;
  const moved = await db.recoveryRequest.updateMany({ where: { userId: user.id, status: "waiting" }, data: { dueAt: now() } });
  if (moved.count === 0) return false;
  await applyDueRecoveries();
  return true;
}
