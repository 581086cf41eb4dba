"use client";

// @simplewebauthn/browser (about 3 kB gzipped) is no part of a page's first
// load: a passkey button fetches it when pressed, the sign-in page's
// autofill once the page is idle (`whenIdle`).

/** The library, fetched once. */
export const loadWebAuthn = () => import("@simplewebauthn/browser");

/**
 * Runs `task` once the page has loaded and the browser is idle (a
 * `setTimeout` where there is no requestIdleCallback, as in Safari), so that
 * what it fetches never competes with the page's own scripts. Returns a
 * cancel function.
 */
export function whenIdle(task: () => void): () => void {
  let cancel = () => {};
  const schedule = () => {
    if (typeof window.requestIdleCallback === "function") {
      const id = window.requestIdleCallback(task, { timeout: 3000 });
      cancel = () => window.cancelIdleCallback(id);
    } else {
      const id = window.setTimeout(task, 200);
      cancel = () => window.clearTimeout(id);
    }
  };
  if (document.readyState === "complete") schedule();
  else {
    window.addEventListener("load", schedule, { once: true });
    cancel = () => window.removeEventListener("load", schedule);
  }
  return () => cancel();
}
