// Notices that a redirect may ask a page to show (?notice=confirmed). Only
// these keys are accepted, so a link cannot make the page say anything else.

export const noticeKeys = [
  "signedUp",
  "confirmationSent",
  "confirmed",
  "resetRequested",
  "passwordChanged",
  "unlockSent",
  "unlocked",
  "signedOut",
  "emailChanged",
  "supportIdle",
] as const;

export type NoticeKey = (typeof noticeKeys)[number];

export function parseNotice(value: unknown): NoticeKey | undefined {
  return typeof value === "string" && (noticeKeys as readonly string[]).includes(value) ? (value as NoticeKey) : undefined;
}
