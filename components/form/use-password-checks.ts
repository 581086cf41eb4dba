"use client";

import { useEffect, useState } from "react";
import type { StrengthEstimator } from "@/lib/validation/password-strength";
import type { evaluatePassword } from "@/lib/validation/password-policy";

// The first sign that someone is filling the form in. Loading on idle instead
// made every visit (bounces, crawlers, Lighthouse) parse ~1 MB of dictionaries.
const INTERACTIONS = ["focusin", "pointerdown", "keydown"] as const;

/**
 * What `load` resolves to, fetched once the user starts interacting with the
 * page; undefined until then, and if it never loads.
 */
function useLoadedOnFirstInteraction<T>(load: () => Promise<T>): T | undefined {
  const [loaded, setLoaded] = useState<{ value: T }>();
  useEffect(() => {
    let cancelled = false;
    const stopListening = () => {
      for (const type of INTERACTIONS) document.removeEventListener(type, start, true);
    };
    function start() {
      stopListening();
      load()
        .then((value) => {
          if (!cancelled) setLoaded({ value });
        })
        .catch(() => undefined);
    }
    for (const type of INTERACTIONS) document.addEventListener(type, start, { capture: true, passive: true });
    // A field focused before hydration (autofocus, a fast user) fired its focus already.
    if (document.activeElement && document.activeElement !== document.body) start();
    return () => {
      cancelled = true;
      stopListening();
    };
  }, [load]);
  return loaded?.value;
}

const loadEstimator = () => import("@/lib/validation/password-strength").then((module) => module.estimateStrength);

/**
 * The password dictionaries (several hundred kB), only on pages that call
 * this hook. Until they load, and if they never do, the form still works:
 * the server checks every rule.
 */
export function useStrengthEstimator(): StrengthEstimator | undefined {
  return useLoadedOnFirstInteraction(loadEstimator);
}

const loadRuleCheck = () => import("@/lib/validation/password-policy").then((module) => module.evaluatePassword);

/** The live checklist's rules (a small module, in well before anyone has typed much); undefined until then. */
export function useRuleCheck(): typeof evaluatePassword | undefined {
  return useLoadedOnFirstInteraction(loadRuleCheck);
}
