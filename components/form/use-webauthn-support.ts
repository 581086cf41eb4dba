"use client";

import { useSyncExternalStore } from "react";

const never = () => () => {};
// @simplewebauthn/browser's browserSupportsWebAuthn, without fetching the library for it (webauthn-browser.ts).
const onClient = () => (typeof window.PublicKeyCredential === "function" ? "supported" : "unsupported");

/**
 * Whether this browser can use passkeys: "server" while rendered on the
 * server and hydrating, so passkey controls appear only once JavaScript
 * runs (without it they would be buttons that do nothing).
 */
export function useWebAuthnSupport(): "server" | "supported" | "unsupported" {
  return useSyncExternalStore(never, onClient, () => "server" as const);
}
