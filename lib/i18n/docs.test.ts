import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogues } from "./messages";

// docs/ quotes the French texts users read (« … »). A quote that drifts from
// the catalogue would send a maintainer looking for a message that does not exist.

const docsDir = path.join(import.meta.dirname, "../../docs");
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

function textsOf(value: unknown): string[] {
  if (typeof value === "string") return [oneLine(value)];
  return typeof value === "object" && value !== null ? Object.values(value).flatMap(textsOf) : [];
}

const french = textsOf(catalogues.fr);

/** A quote ending in " …" stands for any text that starts with what precedes it. */
const quoted = (quote: string) =>
  quote.endsWith(" …") ? french.some((text) => text.startsWith(quote.slice(0, -1))) : french.includes(quote);

describe("docs/", () => {
  const pages = readdirSync(docsDir).filter((name) => name.endsWith(".md"));

  it("has pages to check", () => {
    expect(pages).toContain("README.md");
    expect(pages.length).toBeGreaterThan(1);
  });

  it.each(pages)("%s quotes the French catalogue word for word", (page) => {
    const quotes = [...readFileSync(path.join(docsDir, page), "utf8").matchAll(/«\s*([^»]+?)\s*»/g)].map((match) => oneLine(match[1]!));
    expect(quotes.filter((quote) => !quoted(quote))).toEqual([]);
  });
});
