// Writes the two registries that used to be kept by hand, from the tree itself:
//
// - emails/templates.generated.ts: every template of emails/ (a file with a
//   default component and a `subject`), by its file name;
// - lib/next/email-links.generated.ts: every `export const x = defineEmailLink("flow", …)`
//   of lib/, by flow, so that importing the registry loads each declaration.
//
// A new email or emailed-link flow is then its own file or declaration and
// nothing else. The outputs are not committed (.gitignore); they are written
// by `npm install` (postinstall), by next.config.ts (dev and build), by
// vitest.config.ts, and by `npm run generate`. A file is rewritten only when
// its text changes, so that watchers do not rebuild for nothing.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const header = "// Written by scripts/generate-registries.mjs from the tree: do not edit.\n";

function write(relative, text) {
  const file = path.join(root, relative);
  if (existsSync(file) && readFileSync(file, "utf8") === text) return;
  writeFileSync(file, text);
}

/** Template files: emails/*.tsx (emails/components/ holds their parts). */
export function templateFiles() {
  return readdirSync(path.join(root, "emails"))
    .filter((name) => name.endsWith(".tsx"))
    .map((name) => name.slice(0, -".tsx".length))
    .sort();
}

function templatesRegistry() {
  const names = templateFiles();
  const imports = names.map((name, i) => `import T${i}, { subject as s${i} } from "./${name}";`);
  const rows = names.map((name, i) => `  "${name}": { component: T${i}, subject: s${i} },`);
  return (
    `${header}import type { ComponentType } from "react";\n${imports.join("\n")}\n\n` +
    `export const templates = {\n${rows.join("\n")}\n} satisfies Record<string, { component: ComponentType<never>; subject: (props: never) => string }>;\n`
  );
}

function sourceFiles(dir) {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || entry.name === "testing" ? [] : sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

const declaration = /export const (\w+) = defineEmailLink\(\s*"(\w+)"/g;

/** Every flow declaration of lib/: [{ flow, name, module }]. */
export function emailLinkDeclarations() {
  const found = [];
  for (const file of sourceFiles("lib")) {
    // Comments may name the function (the definition's own example does).
    const text = readFileSync(path.join(root, file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    const calls = text.match(/defineEmailLink\(/g)?.length ?? 0;
    const matches = [...text.matchAll(declaration)];
    if (matches.length !== calls) {
      throw new Error(`${file}: write each flow as \`export const name = defineEmailLink("flow", …)\` so that it can be found`);
    }
    for (const [, name, flow] of matches) found.push({ flow, name, module: `@/${file.replace(/\.tsx?$/, "")}` });
  }
  return found.sort((a, b) => a.flow.localeCompare(b.flow));
}

function emailLinksRegistry() {
  const links = emailLinkDeclarations();
  const imports = links.map(({ name, module }) => `import { ${name} } from "${module}";`);
  const rows = links.map(({ flow, name }) => `  ${flow}: ${name},`);
  return (
    `${header}import type { EmailLink } from "@/lib/auth/email-link";\nimport type { FlowName } from "@/lib/flows";\n` +
    `${imports.join("\n")}\n\n` +
    `// A flow of lib/flows.ts that no module declares does not compile here.\n` +
    `export const declarations: { [F in FlowName]: EmailLink<F> } = {\n${rows.join("\n")}\n};\n`
  );
}

export function generateRegistries() {
  write("emails/templates.generated.ts", templatesRegistry());
  write("lib/next/email-links.generated.ts", emailLinksRegistry());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) generateRegistries();
