// An approximate device from a user agent ("Firefox · Windows"), for the
// security journal and the lock email. Deliberately coarse: enough for an
// owner to recognise their own browser, nothing that fingerprints it. Only
// names from these lists ever come out: a user agent is text anyone writes
// ("Sésame support: call 01 23 45 67 89"), and it must never reach a page
// or a genuine security email as it was sent.

const browsers: [RegExp, string][] = [
  [/Edg\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/Firefox\//, "Firefox"],
  [/Chrome\/|Chromium\//, "Chrome"],
  [/Safari\//, "Safari"],
];

const systems: [RegExp, string][] = [
  [/Android/, "Android"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/** "Firefox · Windows", or null when neither family is recognised (the caller says "unrecognised device"). */
export function describeUserAgent(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const browser = browsers.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = systems.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (!browser && !system) return null;
  return [browser, system].filter(Boolean).join(" · ");
}
