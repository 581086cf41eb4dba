import "server-only";
import { setAppCookie } from "@/lib/request/cookies";
import { maskAddress, statusCookie } from "@/lib/mail/status";
import type { EmailStatusView, FollowedEmail } from "@/lib/validation/email-status";

/**
 * Gives the browser that made a request the handle to follow its email, and
 * the status line's first words (the email is queued just after the answer).
 */
export async function followEmail(emailId: string, address: string, followed: FollowedEmail): Promise<EmailStatusView> {
  const cookie = statusCookie(emailId, address, followed);
  await setAppCookie(cookie);
  return { state: "sending", address: maskAddress(address), at: null, canCorrect: false };
}
