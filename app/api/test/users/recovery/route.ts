import { endTestRecoveryDelay } from "@/lib/auth/test-recovery";
import { byEmailRoute } from "../by-email";

export const dynamic = "force-dynamic";

/** Takes an account's waiting recovery request past its delay and runs the recovery job. Same gate as the factory. */
export const POST = byEmailRoute((email) => endTestRecoveryDelay(email));
