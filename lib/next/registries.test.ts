import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { flowNames } from "@/lib/flows";
import { templates } from "@/emails";
import { emailLinkDeclarations, templateFiles } from "@/scripts/generate-registries.mjs";
import { declarations } from "./email-links.generated";

// The registries a new flow or email used to be added to by hand are written
// from the tree: these prove the scan finds everything that is there.
describe("the registries written from the tree", () => {
  it("hold every flow of lib/flows.ts, each from the module that declares it", () => {
    const found = emailLinkDeclarations();
    expect(found.map(({ flow }) => flow).sort()).toEqual([...flowNames()].sort());
    for (const { flow } of found) expect(declarations[flow as keyof typeof declarations].flow).toBe(flow);
  });

  it("hold every template file of emails/, by its file name", () => {
    const files = readdirSync("emails").filter((name) => name.endsWith(".tsx"));
    expect(files.length).toBeGreaterThan(10);
    expect(Object.keys(templates).sort()).toEqual(templateFiles());
    expect(templateFiles()).toEqual(files.map((name) => name.replace(/\.tsx$/, "")).sort());
  });
});
