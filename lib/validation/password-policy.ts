import type { StrengthEstimator } from "./password-strength";

// "10 caractères minimum, ne doit pas être trop commun et doit être différent
// de votre pseudo et de votre email". One check for the browser (live
// feedback, each rule ticked as typed) and the server (the authority). The
// "too common" rule needs the dictionaries (password-strength.ts): the server
// always passes them; a browser that has not loaded them yet leaves that rule
// to the server.

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
/** Shorter parts of a pseudo or an email do not count for "contains". */
const MIN_CONTAINED_PART = 4;

export type Identity = { pseudo?: string; email?: string };

/** Length in Unicode code points after NFC normalisation: "é" typed either way counts as one. */
export function passwordLength(password: string): number {
  return [...password.normalize("NFC")].length;
}

/** The pseudo, the email and the email's local part, lower-cased. */
export function identityParts({ pseudo, email }: Identity): string[] {
  const parts = new Set<string>();
  const add = (value: string | undefined) => {
    const clean = value?.normalize("NFC").trim().toLowerCase();
    if (clean) parts.add(clean);
  };
  add(pseudo);
  add(email);
  add(email?.split("@")[0]);
  return [...parts];
}

/** Equal to, containing, or contained in the pseudo, the email or its local part, ignoring case. */
export function resemblesIdentity(password: string, identity: Identity): boolean {
  const candidate = password.normalize("NFC").toLowerCase();
  if (!candidate) return false;
  return identityParts(identity).some(
    (part) =>
      part === candidate ||
      (part.length >= MIN_CONTAINED_PART && candidate.includes(part)) ||
      (candidate.length >= MIN_CONTAINED_PART && part.includes(candidate)),
  );
}

export type RuleState = "met" | "failed" | "unknown";
export type PasswordRules = { length: RuleState; common: RuleState; identity: RuleState; score?: number };

/** Each rule's state, for the live checklist. */
export function evaluatePassword(password: string, identity: Identity, estimate?: StrengthEstimator): PasswordRules {
  const length = passwordLength(password);
  const lengthOk = length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH;
  const identityOk = password.length > 0 && !resemblesIdentity(password, identity);
  if (!estimate || !password) {
    return { length: lengthOk ? "met" : "failed", common: password ? "unknown" : "failed", identity: identityOk ? "met" : "failed" };
  }
  const verdict = estimate(password.normalize("NFC"), identityParts(identity));
  return {
    length: lengthOk ? "met" : "failed",
    common: verdict.common ? "failed" : "met",
    identity: identityOk ? "met" : "failed",
    score: verdict.score,
  };
}

export type PasswordRuleCode = "passwordTooShort" | "passwordTooLong" | "passwordTooCommon" | "passwordLikeIdentity";

/** The error code of the first broken rule, in the order the sentence states them. */
export function passwordError(password: string, identity: Identity, estimate?: StrengthEstimator): PasswordRuleCode | undefined {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) return "passwordTooShort";
  if (length > PASSWORD_MAX_LENGTH) return "passwordTooLong";
  if (resemblesIdentity(password, identity)) return "passwordLikeIdentity";
  if (estimate && estimate(password.normalize("NFC"), identityParts(identity)).common) return "passwordTooCommon";
  return undefined;
}
