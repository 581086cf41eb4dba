import { describe, expect, it } from "vitest";
import { evaluatePassword, passwordError, passwordLength, resemblesIdentity } from "./password-policy";
import { estimateStrength } from "./password-strength";

const camille = { pseudo: "camille_du_75", email: "Camille.Martin@Example.fr" };
const none = {};

// [password, identity, expected error code or "ok"]
const cases: [string, { pseudo?: string; email?: string }, string][] = [
  // length: code points after NFC
  ["", none, "passwordTooShort"],
  ["a", none, "passwordTooShort"],
  ["9chars!!x", none, "passwordTooShort"],
  ["Kx7#qp2!Lm", none, "ok"],
  ["é".repeat(9), none, "passwordTooShort"],
  ["e\u0301".repeat(9), none, "passwordTooShort"],
  ["Zébrûre-Çà9", none, "ok"],
  ["🔑🐘🌵🚲🎻🦉🧭🪁🫖", none, "passwordTooShort"],
  ["🔑🐘🌵🚲🎻🦉🧭🪁🫖🍄", none, "ok"],
  ["x".repeat(257), none, "passwordTooLong"],
  ["Vélo-Rouge-Pivoine-Cascade-".repeat(9).slice(0, 256), none, "ok"],
  ["         ", none, "passwordTooShort"],
  // too common: the published list
  ["azertyuiop", none, "passwordTooCommon"],
  ["AZERTYUIOP", none, "passwordTooCommon"],
  ["motdepasse", none, "passwordTooCommon"],
  ["motdepasse123", none, "passwordTooCommon"],
  ["1234567890", none, "passwordTooCommon"],
  ["0123456789", none, "passwordTooCommon"],
  ["123456789a", none, "passwordTooCommon"],
  ["qwertyuiop", none, "passwordTooCommon"],
  ["password123", none, "passwordTooCommon"],
  ["Password123!", none, "passwordTooCommon"],
  ["iloveyou12", none, "passwordTooCommon"],
  ["chouchou12", none, "passwordTooCommon"],
  ["marseille13", none, "passwordTooCommon"],
  ["jetaime1234", none, "passwordTooCommon"],
  ["soleil2024!", none, "passwordTooCommon"],
  ["bonjour123", none, "passwordTooCommon"],
  ["nicolas1988", none, "passwordTooCommon"],
  ["aaaaaaaaaa", none, "passwordTooCommon"],
  ["abcdefghij", none, "passwordTooCommon"],
  ["azertyazerty", none, "passwordTooCommon"],
  ["1111111111", none, "passwordTooCommon"],
  ["p@ssw0rd123", none, "passwordTooCommon"],
  ["M0tDeP@sse", none, "passwordTooCommon"],
  ["sesame12345", none, "passwordTooCommon"],
  ["Sésame2024!", none, "passwordTooCommon"],
  ["lundimardi1", none, "passwordTooCommon"],
  ["janvier2025", none, "passwordTooCommon"],
  ["football10", none, "passwordTooCommon"],
  ["doudou1234", none, "passwordTooCommon"],
  // different from the pseudo and the email
  ["camille_du_75", camille, "passwordLikeIdentity"],
  ["CAMILLE_DU_75", camille, "passwordLikeIdentity"],
  ["camille.martin@example.fr", camille, "passwordLikeIdentity"],
  ["Camille.Martin@Example.fr", camille, "passwordLikeIdentity"],
  ["camille.martin", camille, "passwordLikeIdentity"],
  ["camille.martin2024", camille, "passwordLikeIdentity"],
  ["xx-camille_du_75-xx", camille, "passwordLikeIdentity"],
  ["camille_du_", camille, "passwordLikeIdentity"],
  ["Brume#camille.martin", camille, "passwordLikeIdentity"],
  ["zorglub-42-kayak", { pseudo: "kayak", email: "k@example.fr" }, "passwordLikeIdentity"],
  ["Ronce&Givre7", { pseudo: "ron", email: "r@example.fr" }, "ok"],
  ["pseudo-long-enough", { pseudo: "pseudo-long-enough-and-more", email: "a@b.fr" }, "passwordLikeIdentity"],
  ["Tulipe!Vélo8", { pseudo: "vel", email: "v@example.fr" }, "ok"],
  ["Tulipe!Vélo8", { pseudo: "VÉLO", email: "v@example.fr" }, "passwordLikeIdentity"],
  // strong passwords and passphrases pass
  ["cheval-agrafe-batterie-correct", none, "ok"],
  ["Le chat de Lucie mange 3 prunes", none, "ok"],
  ["horloge violette sur la dune", none, "ok"],
  ["Tq9!vB2#mZ", none, "ok"],
  ["fjord kiwi trombone 1789", camille, "ok"],
  ["Nuage-Pomme-Quartz-84", camille, "ok"],
  ["correct horse battery staple", none, "ok"],
  ["mon vélo bleu préfère la pluie", none, "ok"],
  ["Ʃigma→Ωmega#2026", none, "ok"],
  ["ça-gèle-à-Noël-sous-l’érable", none, "ok"],
];

describe("password policy table", () => {
  it.each(cases)("%j (identity %j) → %s", (password, identity, expected) => {
    expect(passwordError(password, identity, estimateStrength) ?? "ok").toBe(expected);
  });
});

describe("password rules in detail", () => {
  it("counts code points after NFC normalisation", () => {
    expect(passwordLength("e\u0301")).toBe(1);
    expect(passwordLength("🔑")).toBe(1);
    expect(passwordLength("abc")).toBe(3);
  });

  it("ignores parts of the identity shorter than four characters for 'contains'", () => {
    expect(resemblesIdentity("Zorro-abc-Lima", { pseudo: "abc" })).toBe(false);
    expect(resemblesIdentity("abc", { pseudo: "abc" })).toBe(true);
  });

  it("leaves 'too common' unknown in a browser that has not loaded the dictionaries", () => {
    expect(evaluatePassword("azertyuiop", none)).toEqual({ length: "met", common: "unknown", identity: "met" });
    expect(passwordError("azertyuiop", none)).toBeUndefined();
  });

  it("ticks every rule for a good password and reports its strength", () => {
    const rules = evaluatePassword("cheval-agrafe-batterie-correct", camille, estimateStrength);
    expect(rules).toMatchObject({ length: "met", common: "met", identity: "met" });
    expect(rules.score).toBeGreaterThanOrEqual(3);
  });
});
