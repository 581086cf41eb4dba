/**
 * Accepts only same-site absolute paths ("/compte", "/aide#x"), so that a
 * return address can never send the user to another site: rejects
 * "//evil.example", "/\\evil.example", schemes, and control characters, and
 * judges the path again once dot segments are resolved ("/.//evil.example"
 * is "//evil.example" to the browser that follows it).
 */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return undefined;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return undefined;
  // Browsers strip tabs and newlines from URLs, which would turn "/\t/evil" into "//evil".
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return undefined;
  try {
    const url = new URL(value, "http://sesame.invalid");
    if (url.origin !== "http://sesame.invalid") return undefined;
    const normalised = url.pathname + url.search + url.hash;
    return normalised.startsWith("//") || normalised.startsWith("/\\") ? undefined : normalised;
  } catch {
    return undefined;
  }
}
