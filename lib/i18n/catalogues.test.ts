import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage, resolveLocale } from "./config";
import { catalogues } from "./messages";

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\s*[,}]/g)].map((match) => match[1]!).sort();
}

describe("message catalogues", () => {
  it("have exactly the same keys in French and English", () => {
    const fr = new Set(keysOf(catalogues.fr));
    const en = new Set(keysOf(catalogues.en));
    expect([...fr].filter((key) => !en.has(key))).toEqual([]);
    expect([...en].filter((key) => !fr.has(key))).toEqual([]);
  });

  it("use the same placeholders in both languages", () => {
    const leaf = (tree: unknown, key: string) =>
      key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree) as string;
    for (const key of keysOf(catalogues.fr)) {
      expect(placeholdersOf(leaf(catalogues.en, key)), key).toEqual(placeholdersOf(leaf(catalogues.fr, key)));
    }
  });

  it("hold the seed's French sentences word for word", () => {
    const plain = (text: string) => text.replaceAll("’", "'").replaceAll("\u202f", " ").replaceAll("\u00a0", " ");
    expect(plain(catalogues.fr.password.rules)).toBe(
      "10 caractères minimum, ne doit pas être trop commun et doit être différent de votre pseudo et de votre email",
    );
    expect(plain(catalogues.fr.errors.lastAttempt)).toBe("Vous avez encore un essai avant le verrouillage de votre compte");
    expect(plain(catalogues.fr.errors.locked)).toBe("Votre compte est verrouillé");
    expect(plain(catalogues.fr.errors.emailTaken)).toBe("Email n'est pas disponible");
    expect(plain(catalogues.fr.signIn.forgotPassword)).toBe("Mot de passe oublié ?");
    expect(plain(catalogues.fr.signIn.noConfirmation)).toBe("Vous n'avez pas reçu d'instructions de confirmation ?");
    expect(plain(catalogues.fr.signIn.noUnlock)).toBe("Vous n'avez pas reçu d'instructions de déverrouillage ?");
    expect(plain(catalogues.fr.help.footer)).toBe("Toujours besoin d'aide ? Contactez-nous");
  });
});

describe("language choice", () => {
  it("prefers the cookie, then Accept-Language by quality, then French", () => {
    expect(resolveLocale("en", "fr-FR,fr;q=0.9")).toBe("en");
    expect(resolveLocale(undefined, "de-DE,en;q=0.8,fr;q=0.5")).toBe("en");
    expect(resolveLocale(undefined, "fr;q=0.2,en;q=0.9")).toBe("en");
    expect(resolveLocale("xx", "de,it")).toBe("fr");
    expect(resolveLocale(undefined, undefined)).toBe("fr");
    expect(localeFromAcceptLanguage("en;q=0,fr;q=0.1")).toBe("fr");
  });
});
