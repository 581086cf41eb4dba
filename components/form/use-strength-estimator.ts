"use client";

import { useEffect, useState } from "react";
import type { StrengthEstimator } from "@/lib/auth/password-strength";

/**
 * Loads the password dictionaries (several hundred kB) once the page is
 * idle, only on pages that call this hook. Until then, and if they never
 * load, the form still works: the server checks every rule.
 */
export function useStrengthEstimator(): StrengthEstimator | undefined {
  const [estimator, setEstimator] = useState<StrengthEstimator>();
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      import("@/lib/auth/password-strength")
        .then((module) => {
          if (!cancelled) setEstimator(() => module.estimateStrength);
        })
        .catch(() => undefined);
    const idle = typeof window.requestIdleCallback === "function";
    const handle = idle ? window.requestIdleCallback(load, { timeout: 2000 }) : window.setTimeout(load, 200);
    return () => {
      cancelled = true;
      if (idle) window.cancelIdleCallback(handle);
      else window.clearTimeout(handle);
    };
  }, []);
  return estimator;
}
