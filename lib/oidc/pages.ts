import "server-only";
import type { ErrorOut, KoaContextWithOIDC } from "oidc-provider";
import { catalogues } from "@/lib/i18n/messages";
import { LOCALE_COOKIE, resolveLocale } from "@/lib/i18n/config";

// The few pages the provider itself answers with (an invalid request, the
// logout confirmation, the page after a logout without a return address), in
// the visitor's language from the catalogues. Plain HTML without script or
// style: they are served under the server's "nothing allowed" policy
// (server/baseline-headers.mjs), which sets no form-action, so the logout form
// may lead back to the application.

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

function texts(ctx: KoaContextWithOIDC) {
  const locale = resolveLocale(ctx.cookies.get(LOCALE_COOKIE) ?? undefined, ctx.get("accept-language"));
  return { locale, oidc: catalogues[locale].oidc };
}

function page(locale: string, title: string, body: string): string {
  return `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

/** An authorization request the provider refuses without redirecting (an unknown client, a redirect_uri not registered). */
export function renderErrorPage(ctx: KoaContextWithOIDC, out: ErrorOut): void {
  const { locale, oidc } = texts(ctx);
  ctx.type = "html";
  ctx.body = page(locale, oidc.errorTitle, `<p>${escape(oidc.errorBody)}</p><p><code>${escape(out.error)}</code></p>`);
}

/** RP-initiated logout asks first (the request could come from anywhere): `form` is the provider's, with its anti-forgery field. */
export function renderLogoutPage(ctx: KoaContextWithOIDC, form: string): void {
  const { locale, oidc } = texts(ctx);
  const client = ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId;
  const question = client ? oidc.logoutQuestionFrom.replace("{client}", client) : oidc.logoutQuestion;
  ctx.type = "html";
  ctx.body = page(
    locale,
    oidc.logoutTitle,
    `<p>${escape(question)}</p>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">${escape(oidc.logoutYes)}</button> <button type="submit" form="op.logoutForm">${escape(oidc.logoutNo)}</button>`,
  );
}

export function renderLoggedOutPage(ctx: KoaContextWithOIDC): void {
  const { locale, oidc } = texts(ctx);
  ctx.type = "html";
  ctx.body = page(
    locale,
    oidc.loggedOutTitle,
    `<p>${escape(oidc.loggedOutBody)}</p><p><a href="/connexion">${escape(oidc.signInAgain)}</a></p>`,
  );
}
