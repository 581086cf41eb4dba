"use server";

import { requestUnlock } from "@/lib/auth/lockout";
import { emailRequestAction } from "@/lib/next/email-request-action";

export const requestUnlockAction = emailRequestAction(requestUnlock, "notices.unlockSent", "unlock");
