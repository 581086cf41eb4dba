"use server";

import { clearAppCookie } from "@/lib/request/cookies";
import { redirect } from "next/navigation";
import { postAction } from "@/lib/next/form-action";
import { requestClient } from "@/lib/next/request-context";
import { CLOSED_ACCOUNT_COOKIE, provenClosedAccount } from "@/lib/auth/closed-account";
import { cancelDeletion } from "@/lib/privacy/deletion";
import { noticePath, refusalPath } from "@/lib/validation/notices";

/** "Annuler la suppression" after a sign-in: the proof is the cookie that sign-in left, used once. */
export const cancelDeletionAction = postAction({}, async () => {
  const proof = await provenClosedAccount();
  await clearAppCookie(CLOSED_ACCOUNT_COOKIE);
  if (!proof || !(await cancelDeletion(proof, await requestClient()))) redirect(refusalPath("/connexion", "accountClosing"));
  redirect(noticePath("/connexion", "deletionCancelled"));
});
