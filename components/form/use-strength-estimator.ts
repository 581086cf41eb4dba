"use client";

import { useEffect, useState } from "react";
import type { StrengthEstimator } from "@/lib/validation/password-strength";

// The first sign that someone is filling the form in. Loading on idle instead
// made every visit (bounces, crawlers, Lighthouse) parse ~1 MB of dictionaries.
const INTERACTIONS = ["focusin", "pointerdown", "keydown"] as const;

/**
 * Loads the password dictionaries (several hundred kB) once the user starts
 * interacting with the page, only on pages that call this hook. Until then,
 * and if they never load, the form still works: the server checks every rule.
 */
export function useStrengthEstimator(): StrengthEstimator | undefined {
  const [estimator, setEstimator] = useState<StrengthEstimator>();
  useEffect(() => {
    let cancelled = false;
    const stopListening = () => {
      for (const type of INTERACTIONS) document.removeEventListener(type, load, true);
    };
    function load() {
      stopListening();
      import("@/lib/validation/password-strength")
        .then((module) => {
          if (!cancelled) setEstimator(() => module.estimateStrength);
        })
        .catch(() => undefined);
    }
    for (const type of INTERACTIONS) document.addEventListener(type, load, { capture: true, passive: true });
    // A field focused before hydration (autofocus, a fast user) fired its focus already.
    if (document.activeElement && document.activeElement !== document.body) load();
    return () => {
      cancelled = true;
      stopListening();
    };
  }, []);
  return estimator;
}
