// Where a browser says a request came from (Sec-Fetch-Site, which no page can
// set): "same-origin" from a page of this site, "none" from the address bar or
// a bookmark, "same-site" or "cross-site" when another site sent it (a link,
// a redirect, a script's navigation). A GET that does something for the
// person signed in (the support search: a journal line, their search budget)
// must not do it for another site.

/**
 * Whether the browser says another site sent this request. Without the header
 * (a browser older than 2023, or no browser at all) nothing can be told, and
 * the request counts as the site's own.
 */
export function sentByAnotherSite(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  return site === "cross-site" || site === "same-site";
}
