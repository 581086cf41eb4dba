// The closed list of outcomes a form can report. The message catalogues map
// each code to text (messages/*.json, "errors.<code>"); an exception's own
// message never reaches the browser.

export const errorCodes = [
  "invalidCredentials",
  "lastAttempt",
  "locked",
  "unconfirmed",
  "emailTaken",
  "pseudoTaken",
  "alreadyConfirmed",
  "invalidLink",
  "rateLimited",
  "passwordTooShort",
  "passwordTooLong",
  "passwordTooCommon",
  "passwordLikeIdentity",
  "passwordBreached",
  "passwordMismatch",
  "unavailable",
  "unexpected",
  "passkeyRefused",
  "passkeyExpired",
  "passkeyNotAdded",
  "passkeyCancelled",
  "accountClosing",
  "recoveryEmailSame",
  "twoStepRequired",
  "invalidTwoStepCode",
  "twoStepExpired",
  "twoStepSetupExpired",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (errorCodes as readonly string[]).includes(value);
}
