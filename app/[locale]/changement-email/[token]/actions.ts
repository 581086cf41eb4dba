"use server";

import { emailLinkAction } from "@/lib/http/email-link-action";

export const confirmEmailChangeAction = emailLinkAction("emailChange");
