"use client";

import { lazy, Suspense, useEffect, useState } from "react";
import { whenIdle } from "@/components/form/webauthn-browser";

const PasskeySignIn = lazy(() => import("./passkey-sign-in").then((module) => ({ default: module.PasskeySignIn })));

/**
 * The passkey button and the identifier field's passkey autofill, fetched
 * with their library once the page is idle: none of it is in the first load.
 * The server renders nothing here either way (passkeys need JavaScript).
 */
export function PasskeySignInWhenIdle({ returnTo }: { returnTo?: string }) {
  const [idle, setIdle] = useState(false);
  useEffect(() => whenIdle(() => setIdle(true)), []);
  if (!idle) return null;
  return (
    <Suspense fallback={null}>
      <PasskeySignIn returnTo={returnTo} />
    </Suspense>
  );
}
