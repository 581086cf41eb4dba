import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import * as fr from "@zxcvbn-ts/language-fr";

// The heavy half of the password policy: zxcvbn-ts with its common, French
// and English dictionaries, and the published list of common passwords that
// @zxcvbn-ts/language-common ships (about 49,000 entries, French ones such as
// "azerty", "motdepasse" and "soleil" included). Browsers load this module
// lazily (import()) on pages with a new-password field; the server loads it
// on first use.

/** Words specific to this site, that no password should lean on. */
export const SITE_WORDS = ["sesame", "sésame", "sezame", "plateforme", "compte", "connexion", "motdepasse"];

const commonPasswords: ReadonlySet<string> = new Set(common.dictionary["passwords-common"] as string[]);

const factory = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...fr.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: fr.translations,
  // The cost of a check grows with the length scored and with the l33t
  // matcher's substitutions (npm run bench:password measures both): the
  // default of 100 makes a check many times slower with these dictionaries;
  // 3 still catches "p@ssw0rd" and "M0tDeP@sse". Only the first 32
  // characters are scored, which bounds a check whatever is sent; the
  // characters after them only make a password stronger.
  l33tMaxSubstitutions: 3,
  maxLength: 32,
});

export type StrengthVerdict = { common: boolean; score: 0 | 1 | 2 | 3 | 4 };

export type StrengthEstimator = (password: string, userInputs: string[]) => StrengthVerdict;

/** Below 3, zxcvbn estimates that an offline attack would find it quickly. */
export const MIN_SCORE = 3;

/**
 * A listed password with digits or symbols stuck on either end ("soleil2024!",
 * "!!azerty1") is the first thing cracking rules try; zxcvbn alone rates some
 * of them as good.
 */
function isListed(password: string): boolean {
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return true;
  const core = lower.replace(/^[\d\p{P}\p{S}\s]+|[\d\p{P}\p{S}\s]+$/gu, "");
  return core.length >= 4 && core !== lower && commonPasswords.has(core);
}

export const estimateStrength: StrengthEstimator = (password, userInputs) => {
  const { score } = factory.check(password, [...SITE_WORDS, ...userInputs]);
  const listed = isListed(password);
  return { common: listed || score < MIN_SCORE, score: score as StrengthVerdict["score"] };
};
