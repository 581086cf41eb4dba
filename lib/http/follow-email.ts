import "server-only";
import { cookies } from "next/headers";
import { maskAddress, statusCookie } from "@/lib/mail/status";
import type { EmailStatusView, FollowedEmail } from "@/lib/mail/status-view";

/**
 * Gives the browser that made a request the handle to follow its email, and
 * the status line's first words (the email is queued just after the answer).
 */
export async function followEmail(emailId: string, address: string, followed: FollowedEmail): Promise<EmailStatusView> {
  const cookie = statusCookie(emailId, address, followed);
  (await cookies()).set(cookie.name, cookie.value, {
    httpOnly: true,
    sameSite: "lax",
    secure: cookie.secure,
    path: "/",
    maxAge: cookie.maxAge,
  });
  return { state: "sending", address: maskAddress(address), at: null, canCorrect: false };
}
