import axe from "axe-core";
import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

/** WCAG 2.2 A and AA (target-size, 2.5.8, included). */
export const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * axe's violations on the page as it is now, one line per rule ("state — rule:
 * targets"); `tags` null runs every rule axe has (best practices too).
 *
 * axe-core runs in the page itself, injected once per document. It is what
 * `@axe-core/playwright` runs too, but that builder also opens a blank page
 * per analysis to merge the results of every frame: about 1.4 s each against
 * 0.1 s here, some 140 analyses per run of the suite. Our pages embed no
 * frame; the check below says so if one ever does.
 */
export async function axeViolations(page: Page, state: string, tags: string[] | null = WCAG_22_AA): Promise<string[]> {
  // After a form's answer or a language switch Next may still be putting the page's title back: judge the settled page.
  await expect(page).toHaveTitle(/\S/);
  expect(page.frames(), "a page with frames needs axe in each of them").toHaveLength(1);
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async (only) => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      ...(only ? { runOnly: { type: "tag" as const, values: only } } : {}),
      resultTypes: ["violations"],
    });
    return result.violations.map((violation) => ({ id: violation.id, targets: violation.nodes.map((node) => node.target.join(" ")) }));
  }, tags);
  return violations.map((violation) => `${state} — ${violation.id}: ${violation.targets.join(", ")}`);
}
