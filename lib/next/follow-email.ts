import "server-only";
import { setAppCookie } from "@/lib/request/cookies";
import { maskAddress, statusCookie, type Follows } from "@/lib/mail/status";
import type { EmailStatusView } from "@/lib/validation/email-status";

/**
 * Gives the browser that made a request the handle to follow its email, and
 * the status line's first words (the email is queued just after the answer).
 */
export async function followEmail(emailId: string, address: string, follows: Follows): Promise<EmailStatusView> {
  const cookie = statusCookie(emailId, address, follows);
  await setAppCookie(cookie);
  return { state: "sending", address: maskAddress(address), at: null, canCorrect: false };
}
