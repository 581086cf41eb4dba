import { endTestUserGracePeriod } from "@/lib/privacy/test-erasure";
import { byEmailRoute } from "../by-email";

export const dynamic = "force-dynamic";

/** Takes a closed account past its grace period and runs the erasure job. Same gate as the factory. */
export const POST = byEmailRoute((email) => endTestUserGracePeriod(email));
