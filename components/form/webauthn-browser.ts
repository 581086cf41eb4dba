"use client";

// @simplewebauthn/browser (about 3 kB gzipped) is no part of a page's first
// load: a passkey button fetches it when pressed, the sign-in page's
// autofill once the page is idle (`whenIdle`).

import type { AuthenticationResponseJSON } from "@simplewebauthn/browser";
import type { ErrorCode } from "@/lib/validation/errors";
import type { PasskeySignInStart } from "@/lib/validation/passkey";

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

/**
 * A sign-in challenge, held by this browser's cookie (app/api/passkeys/sign-in-options):
 * a fetch, not a server action, so that it never waits behind a form's own answer.
 */
export async function passkeySignInOptions(): Promise<PasskeySignInStart> {
  try {
    const response = await fetch("/api/passkeys/sign-in-options", { method: "POST" });
    return response.ok ? ((await response.json()) as PasskeySignInStart) : { ok: false, formError: "unexpected" };
  } catch {
    return { ok: false, formError: "unavailable" };
  }
}

/** The person dismissed the browser's passkey prompt (or waited too long), or another prompt replaced it. */
export const ceremonyCancelled = (error: unknown) =>
  error instanceof Error && (error.name === "NotAllowedError" || error.name === "AbortError");

/** A refused assertion, for the person: they cancelled, or the key is not one that signs this account in. */
export const assertionRefusal = (error: unknown): "passkeyCancelled" | "passkeyRefused" =>
  ceremonyCancelled(error) ? "passkeyCancelled" : "passkeyRefused";

/**
 * A passkey button's ceremony: a sign-in challenge, then the browser's
 * prompt. The authenticator's answer, or what to tell the person.
 */
export async function askForPasskey(): Promise<{ ok: true; response: AuthenticationResponseJSON } | { ok: false; code: ErrorCode }> {
  const start = await passkeySignInOptions();
  if (!start.ok) return { ok: false, code: start.formError ?? "unexpected" };
  try {
    const { startAuthentication } = await loadWebAuthn();
    return { ok: true, response: await startAuthentication({ optionsJSON: start.options }) };
  } catch (reason) {
    return { ok: false, code: assertionRefusal(reason) };
  }
}
