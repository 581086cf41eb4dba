"use client";

import { useTranslations } from "@/lib/i18n/client";
import { useDeferredValue, useEffect, useId, useMemo, useState, type ComponentPropsWithRef } from "react";
import type { StrengthEstimator } from "@/lib/validation/password-strength";
import type { Identity, PasswordRules, RuleState } from "@/lib/validation/password-policy";
import { Field } from "./field";
import { useRuleCheck } from "./use-password-checks";

type PasswordFieldProps = Omit<ComponentPropsWithRef<"input">, "name" | "type"> & {
  name: string;
  label: string;
  value: string;
  identity: Identity;
  estimator?: StrengthEstimator;
  error?: string;
};

const ANNOUNCE_AFTER_MS = 900;

// Before the rules' module is in (it comes with the first interaction): an
// empty field breaks every rule, as the server renders it; anything typed waits.
const beforeCheck = (password: string): PasswordRules =>
  password ? { length: "unknown", common: "unknown", identity: "unknown" } : { length: "failed", common: "failed", identity: "failed" };

function RuleLine({ state, label, stateLabel }: { state: RuleState; label: string; stateLabel: string }) {
  const icon = state === "met" ? "✓" : state === "unknown" ? "…" : "✗";
  const tone = state === "met" ? "text-notice" : "text-ink-muted";
  return (
    <li className={`flex items-center gap-2 ${tone}`}>
      <span aria-hidden="true" className="inline-block w-4 text-center font-bold">
        {icon}
      </span>
      <span>
        {label}
        <span className="sr-only"> : {stateLabel}</span>
      </span>
    </li>
  );
}

/**
 * A new-password input: the rule sentence, each rule ticked as the user
 * types, a show/hide toggle and a strength hint. Screen readers hear the
 * sentence with the field and, once typing pauses, whether every rule is met
 * (not every key press).
 */
export function PasswordField({ name, label, value, identity, estimator, error, ...input }: PasswordFieldProps) {
  const t = useTranslations("password");
  const tf = useTranslations("fields");
  const [visible, setVisible] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const listId = useId();
  // A dictionary check can take longer than a frame: React renders the keystroke first and
  // the checklist from the deferred value, so typing never waits for it.
  const deferred = useDeferredValue(value ?? "");
  const { pseudo, email } = identity;
  const check = useRuleCheck();
  const rules = useMemo(
    () => (check ? check(deferred, { pseudo, email }, estimator) : beforeCheck(deferred)),
    [check, deferred, pseudo, email, estimator],
  );
  const stateLabel = (state: RuleState) => t(state === "met" ? "ruleMet" : state === "unknown" ? "ruleChecking" : "ruleNotMet");
  const allMet = rules.length === "met" && rules.common === "met" && rules.identity === "met";

  useEffect(() => {
    const timer = window.setTimeout(() => setAnnouncement(allMet ? t("allRulesMet") : ""), ANNOUNCE_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, [allMet, t]);

  return (
    <div className="flex flex-col gap-2">
      <Field
        name={name}
        label={label}
        type={visible ? "text" : "password"}
        autoComplete="new-password"
        spellCheck={false}
        autoCapitalize="none"
        hint={t("rules")}
        describedBy={listId}
        error={error}
        trailing={
          <button
            type="button"
            onClick={() => setVisible((shown) => !shown)}
            aria-pressed={visible}
            className="absolute inset-y-0 right-0 my-1 mr-1 rounded-control px-2 text-sm font-medium text-primary-hover hover:bg-primary-soft"
          >
            {visible ? tf("hidePassword") : tf("showPassword")}
          </button>
        }
        {...input}
      />
      <ul id={listId} className="flex flex-col gap-0.5 text-sm">
        <RuleLine state={rules.length} label={t("ruleLength")} stateLabel={stateLabel(rules.length)} />
        <RuleLine state={rules.common} label={t("ruleCommon")} stateLabel={stateLabel(rules.common)} />
        <RuleLine state={rules.identity} label={t("ruleIdentity")} stateLabel={stateLabel(rules.identity)} />
      </ul>
      {/* The line is there from the start: the dictionaries arrive while the
          user types, and the fields and button below must not move under
          their pointer when the strength appears. */}
      <p className="min-h-5 text-sm text-ink-muted">
        {rules.score !== undefined && value ? t("strength", { level: t(`strength${rules.score as 0 | 1 | 2 | 3 | 4}`) }) : null}
      </p>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
