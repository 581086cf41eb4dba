"use server";

import { emailLinkAction } from "@/lib/next/email-link-action";

export const confirmEmailChangeAction = emailLinkAction("emailChange");
