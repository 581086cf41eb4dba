import { isErrorCode, type ErrorCode } from "./errors";

// What a URL may ask a page to say after a redirect, in one vocabulary:
// ?notice=<key> for what went well, ?code=<error code> for what was refused
// (an emailed link that is spent, a rate limit). Each page names the notices
// and codes it shows; anything else in the query is ignored, so a link cannot
// make a page say something else.

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
  "passkeyDeleted",
  "deletionCancelled",
  "accountClosed",
  "recoveryAddressConfirmed",
  "recoveryConfirmed",
  "recoveryApplied",
  "recoveryCancelled",
  "twoStepRecoveryConfirmed",
] as const;

export type NoticeKey = (typeof noticeKeys)[number];

export type PageQuery = Record<string, string | string[] | undefined>;

/** `path?notice=…`: a page saying what went well. */
export const noticePath = (path: string, notice: NoticeKey): string => `${path}?notice=${notice}`;

/** `path?code=…`: a page saying what was refused. */
export const refusalPath = (path: string, code: ErrorCode): string => `${path}?code=${code}`;

// ?error= is not ours any more, but URLs already out there carry it: the
// refused-link redirects of earlier versions (?error=invalidLink,
// ?error=alreadyConfirmed), and Auth.js's own error parameter, whose
// "Configuration" is how it reports a failure of ours such as the database
// being down.
const errorParameter: Record<string, ErrorCode> = {
  invalidLink: "invalidLink",
  alreadyConfirmed: "alreadyConfirmed",
  Configuration: "unavailable",
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The notice and the refusal a page's query asks for, among those the page shows. */
export function readPageQuery<N extends NoticeKey, C extends ErrorCode>(
  query: PageQuery,
  shows: { notices: readonly N[]; codes: readonly C[] },
): { notice?: N; code?: C } {
  const notice = first(query.notice);
  const raw = first(query.code);
  const error = first(query.error);
  const code = isErrorCode(raw) ? raw : error !== undefined && Object.hasOwn(errorParameter, error) ? errorParameter[error] : undefined;
  return {
    notice: shows.notices.find((key) => key === notice),
    code: shows.codes.find((key) => key === code),
  };
}
