"use server";

import { emailLinkAction } from "@/lib/http/email-link-action";

export const confirmAccountAction = emailLinkAction("confirm");
