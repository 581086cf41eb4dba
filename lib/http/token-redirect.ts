/**
 * The answer of a link from an email: a redirect to a path of this site
 * (relative, so it stays right behind any proxy) that never leaks the token
 * (no Referer) and is never cached.
 */
export function tokenRedirect(path: string): Response {
  return new Response(null, {
    status: 303,
    headers: { Location: path, "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" },
  });
}
