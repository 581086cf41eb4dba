import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { InlineHashes } from "./security-headers";

// Which pages `next build` rendered ahead of time, and the digests of their
// inline scripts (Next's bootstrap and the page's payload), so the proxy can
// send those pages a hash-based CSP. Read from the build output once.

const buildDir = () => path.join(process.cwd(), ".next");

const sha256 = (text: string) => `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;

/** The digests of every inline <script> (no src) and <style> of a page's markup. */
export function inlineHashes(html: string): InlineHashes {
  const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => sha256(match[1]!));
  const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((match) => sha256(match[1]!));
  return { scripts: [...new Set(scripts)], styles: [...new Set(styles)] };
}

let pages: Map<string, InlineHashes> | undefined;

function loadPrerenderedPages(): Map<string, InlineHashes> {
  const found = new Map<string, InlineHashes>();
  try {
    const manifest = JSON.parse(readFileSync(path.join(buildDir(), "prerender-manifest.json"), "utf8")) as {
      routes: Record<string, unknown>;
    };
    for (const route of Object.keys(manifest.routes)) {
      try {
        found.set(route, inlineHashes(readFileSync(path.join(buildDir(), "server", "app", `${route}.html`), "utf8")));
      } catch {
        // a prerendered route without markup (an icon, a route handler)
      }
    }
  } catch {
    // no production build here
  }
  return found;
}

/**
 * The inline digests of the page served for an internal path (/fr/connexion),
 * if the production build rendered it ahead of time; null when it is
 * rendered per request (and gets a nonce instead).
 */
export function prerenderedPage(internalPath: string): InlineHashes | null {
  if (process.env.NODE_ENV !== "production") return null;
  pages ??= loadPrerenderedPages();
  return pages.get(internalPath) ?? null;
}
