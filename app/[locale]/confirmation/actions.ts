"use server";

import { requestConfirmation } from "@/lib/auth/confirmation";
import { emailRequestAction } from "@/lib/next/email-request-action";

export const requestConfirmationAction = emailRequestAction(requestConfirmation, "notices.confirmationSent", "confirmation");
