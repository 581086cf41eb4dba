import { plainTextSelectors, render } from "@react-email/render";
import { compile } from "html-to-text";
import { createElement, type ComponentType } from "react";
import { templates } from "./templates.generated";

// Every email the product sends, by the name of its file in emails/: each
// template file has a default component and a `subject`, and the registry is
// written from the folder (scripts/generate-registries.mjs). Props are plain
// data; a template fetches nothing.

type Template<P> = { component: ComponentType<P>; subject: (props: P) => string };
export { templates };

export type TemplateName = keyof typeof templates;
export type TemplateProps<N extends TemplateName> = Parameters<(typeof templates)[N]["subject"]>[0];

export type RenderedEmail = { subject: string; html: string; text: string };

export function subjectOf<N extends TemplateName>(name: N, props: TemplateProps<N>): string {
  return (templates[name] as unknown as Template<TemplateProps<N>>).subject(props);
}

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(templates, name);
}

// React Email's own plain-text options, compiled once: `render(…, { plainText: true })`
// renders the template a second time and compiles these selectors on every call.
const toPlainText = compile({ wordwrap: false, selectors: plainTextSelectors });

export async function renderEmail<N extends TemplateName>(name: N, props: TemplateProps<N>): Promise<RenderedEmail> {
  const template = templates[name] as unknown as Template<TemplateProps<N>>;
  const html = await render(createElement(template.component, props));
  return { subject: template.subject(props), html, text: toPlainText(html) };
}
