import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BuildOutputError, inlineHashes, PAGES_BUILT_AHEAD, readPrerenderedPages } from "./prerendered";
import { contentSecurityPolicy } from "./security-headers";

const digest = (text: string) => `sha256-${createHash("sha256").update(text).digest("base64")}`;

describe("pages rendered at build time", () => {
  it("allow exactly their inline scripts and styles, not their script files' contents", () => {
    const html = `<html><head><style>a{color:red}</style><script src="/_next/static/chunks/a.js" async=""></script></head>
<body><script>(self.__next_f=self.__next_f||[]).push([0])</script><script>self.__next_f.push([1,"x"])</script><script>self.__next_f.push([1,"x"])</script></body></html>`;
    expect(inlineHashes(html)).toEqual({
      scripts: [digest("(self.__next_f=self.__next_f||[]).push([0])"), digest('self.__next_f.push([1,"x"])')],
      styles: [digest("a{color:red}")],
    });
  });

  it("get a policy of digests and this site's files: no nonce, nothing inline, no eval", () => {
    const policy = contentSecurityPolicy({
      nonce: "unused",
      prerendered: { scripts: ["sha256-abc"], styles: [] },
      development: false,
      https: false,
      pathname: "/connexion",
    });
    expect(policy).toContain("script-src 'self' 'sha256-abc';");
    expect(policy).toContain("style-src 'self';");
    expect(policy).not.toContain("nonce");
    expect(policy).not.toContain("unsafe");
  });
});

describe("reading the build output", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A build directory laid out as Next 16 writes it, with `routes` prerendered. */
  function build(
    routes: string[],
    markup: (route: string) => string | null = (route) => `<script>boot(${JSON.stringify(route)})</script>`,
  ) {
    const dir = mkdtempSync(path.join(tmpdir(), "sesame-build-"));
    dirs.push(dir);
    writeFileSync(
      path.join(dir, "prerender-manifest.json"),
      JSON.stringify({ version: 4, routes: Object.fromEntries(routes.map((route) => [route, {}])) }),
    );
    for (const route of routes) {
      const html = markup(route);
      if (html === null) continue;
      mkdirSync(path.dirname(path.join(dir, "server", "app", `${route}.html`)), { recursive: true });
      writeFileSync(path.join(dir, "server", "app", `${route}.html`), html);
    }
    return dir;
  }

  it("lists every page built ahead, in both languages, with its digests, and skips routes without markup", () => {
    expect(PAGES_BUILT_AHEAD).toEqual(
      expect.arrayContaining(["/fr/connexion", "/en/inscription", "/fr/deverrouillage/lien-invalide", "/en/mot-de-passe-oublie"]),
    );
    const pages = readPrerenderedPages(
      build([...PAGES_BUILT_AHEAD, "/icon.svg"], (route) =>
        route === "/icon.svg" ? null : `<script>boot(${JSON.stringify(route)})</script>`,
      ),
    );
    expect(pages.get("/fr/connexion")).toEqual({ scripts: [digest('boot("/fr/connexion")')], styles: [] });
    expect(pages.has("/icon.svg")).toBe(false);
  });

  it("fails loudly, naming what moved, when Next's output is not where it was", () => {
    const all = [...PAGES_BUILT_AHEAD];
    expect(() => readPrerenderedPages(path.join(tmpdir(), "no-build-here"))).toThrow(/prerender-manifest\.json is missing/);
    expect(() => readPrerenderedPages(build(all.filter((route) => route !== "/en/connexion")))).toThrow(/\/en\/connexion is not in/);
    expect(() => readPrerenderedPages(build(all, (route) => (route === "/fr/inscription" ? null : "<script>x</script>")))).toThrow(
      /fr\/inscription\.html is missing/,
    );
    expect(() => readPrerenderedPages(build(all, () => '<script src="/a.js"></script>'))).toThrow(BuildOutputError);
  });
});
