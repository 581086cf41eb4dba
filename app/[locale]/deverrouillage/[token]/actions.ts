"use server";

import { emailLinkAction } from "@/lib/http/email-link-action";

export const unlockAccountAction = emailLinkAction("unlock");
