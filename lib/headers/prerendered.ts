import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { requestPages } from "@/lib/flows";
import { locales } from "@/lib/i18n/config";
import { SIGN_IN_REFUSALS_BUILT_AHEAD } from "@/lib/i18n/page-route";
import type { InlineHashes } from "./security-headers";

// Which pages `next build` rendered ahead of time, and the digests of their
// inline scripts (Next's bootstrap and the page's payload), so the proxy can
// send those pages a hash-based CSP. Next documents no API for this: we read
// its build output (prerender-manifest.json, server/app/<route>.html). If a
// Next upgrade moves them, a page built ahead would get a nonce policy that
// its markup (which has no nonce) cannot satisfy, and would silently lose its
// scripts. So the pages we build ahead are listed here, and a production
// server that cannot find each one with its inline scripts refuses to start,
// naming what moved (startServer calls checkPrerenderedPages).

/** The internal routes rendered at build time, in every language (README lists them). */
export const PAGES_BUILT_AHEAD: readonly string[] = locales.flatMap((locale) => [
  `/${locale}/connexion`,
  ...SIGN_IN_REFUSALS_BUILT_AHEAD.map((code) => `/${locale}/connexion/refus/${code}`),
  `/${locale}/inscription`,
  ...requestPages().flatMap((page) => [`/${locale}${page}`, `/${locale}${page}/lien-invalide`]),
]);

export class BuildOutputError extends Error {
  override name = "BuildOutputError";
}

const sha256 = (text: string) => `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;

/** The digests of every inline <script> (no src) and <style> of a page's markup. */
export function inlineHashes(html: string): InlineHashes {
  const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => sha256(match[1]!));
  const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((match) => sha256(match[1]!));
  return { scripts: [...new Set(scripts)], styles: [...new Set(styles)] };
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/**
 * Every page of a build directory rendered ahead, with its digests. Throws
 * BuildOutputError when the manifest cannot be read or a page of
 * PAGES_BUILT_AHEAD is missing or has no inline script.
 */
export function readPrerenderedPages(buildDir = path.join(process.cwd(), ".next")): Map<string, InlineHashes> {
  const manifestFile = path.join(buildDir, "prerender-manifest.json");
  const pageFile = (route: string) => path.join(buildDir, "server", "app", `${route}.html`);
  const manifest = readText(manifestFile);
  let routes: string[];
  try {
    routes = Object.keys((JSON.parse(manifest ?? "null") as { routes: Record<string, unknown> }).routes);
  } catch {
    throw new BuildOutputError(
      `${manifestFile} is missing or has no "routes": run next build, or check lib/headers/prerendered.ts against this Next version`,
    );
  }
  const found = new Map<string, InlineHashes>();
  for (const route of routes) {
    // Prerendered routes without markup (the icon, route handlers) have no file.
    const html = readText(pageFile(route));
    if (html !== null) found.set(route, inlineHashes(html));
  }
  for (const route of PAGES_BUILT_AHEAD) {
    if (!routes.includes(route)) throw new BuildOutputError(`${route} is not in ${manifestFile}: it is no longer rendered at build time`);
    const hashes = found.get(route);
    if (!hashes) throw new BuildOutputError(`${pageFile(route)} is missing: Next's build output moved; check lib/headers/prerendered.ts`);
    if (hashes.scripts.length === 0)
      throw new BuildOutputError(`${pageFile(route)} has no inline script: Next's markup changed; check lib/headers/prerendered.ts`);
  }
  return found;
}

let pages: Map<string, InlineHashes> | undefined;

/** Production start-up: fail now, naming what moved, rather than serve pages whose scripts the CSP blocks. */
export function checkPrerenderedPages(): void {
  pages ??= readPrerenderedPages();
}

/**
 * The inline digests of the page served for an internal path (/fr/connexion),
 * if the production build rendered it ahead of time; null when it is
 * rendered per request (and gets a nonce instead).
 */
export function prerenderedPage(internalPath: string): InlineHashes | null {
  if (process.env.NODE_ENV !== "production") return null;
  pages ??= readPrerenderedPages();
  return pages.get(internalPath) ?? null;
}
