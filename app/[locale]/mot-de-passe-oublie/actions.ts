"use server";

import { requestPasswordReset } from "@/lib/auth/recovery";
import { emailRequestAction } from "@/lib/next/email-request-action";

export const requestResetAction = emailRequestAction(requestPasswordReset, "notices.resetRequested", "recovery");
