"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { postAction } from "@/lib/next/form-action";
import { requestClient } from "@/lib/next/request-context";
import { CLOSED_ACCOUNT_COOKIE, provenClosedAccount } from "@/lib/auth/closed-account";
import { cancelDeletion } from "@/lib/privacy/deletion";
import { noticePath, refusalPath } from "@/lib/validation/notices";

/** "Annuler la suppression" after a sign-in: the proof is the cookie that sign-in left, used once. */
export const cancelDeletionAction = postAction({}, async () => {
  const userId = await provenClosedAccount();
  (await cookies()).delete(CLOSED_ACCOUNT_COOKIE);
  if (!userId || !(await cancelDeletion(userId, await requestClient()))) redirect(refusalPath("/connexion", "accountClosing"));
  redirect(noticePath("/connexion", "deletionCancelled"));
});
