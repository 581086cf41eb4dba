"use client";

import { startTransition, useActionState, useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from "react";
import type { FieldErrors, FieldValues, Path } from "react-hook-form";
import type { FormResult } from "@/lib/validation/form-result";
import { LazyForm, type SchemaLoader } from "./lazy-form";

export type { SchemaLoader } from "./lazy-form";

type Action = (previous: FormResult | null, formData: FormData) => Promise<FormResult>;

/**
 * react-hook-form on top of a server action. Without JavaScript the form
 * posts to the action directly; with it, the shared zod schema checks first,
 * then the same action runs, and its field errors land on the fields.
 *
 * Neither react-hook-form (about 13 kB gzipped) nor the schema (zod and the
 * rules, about 16 kB) is part of the page's first load: both are fetched
 * when the visitor first focuses or touches anything, well before the first
 * check (on leaving a field, or on submit), which waits for them if it must
 * (LazyForm).
 */
export function useServerForm<Input extends FieldValues, Output = Input>(loadSchema: SchemaLoader<Input, Output>, action: Action) {
  const [state, formAction, pending] = useActionState(action, null);
  const [form] = useState(() => new LazyForm<Input, Output>(loadSchema));
  const view = useSyncExternalStore(form.subscribe, form.getView, form.getView);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => form.setSchema(loadSchema), [form, loadSchema]);

  useEffect(() => {
    const load = () => void form.load().catch(() => undefined);
    // A field focused before hydration (a fast user) fired its focus already.
    if (document.activeElement && document.activeElement !== document.body) return load();
    document.addEventListener("focusin", load, { once: true });
    document.addEventListener("pointerdown", load, { once: true });
    return () => {
      document.removeEventListener("focusin", load);
      document.removeEventListener("pointerdown", load);
    };
  }, [form]);

  useEffect(() => {
    if (!state || state.ok) return;
    const entries = Object.entries(state.fieldErrors ?? {});
    for (const [name, message] of entries) {
      form.setError(name as Path<Input>, { type: "server", message });
    }
    if (entries[0]) form.setFocus(entries[0][0] as Path<Input>);
    else formRef.current?.querySelector<HTMLElement>("[role=alert]")?.focus();
  }, [state, form]);

  // Without JavaScript (or before hydration) effects never run: the server's
  // field errors are rendered as they came. A field the user has since
  // touched is react-hook-form's to judge again.
  const fromServer = state && !state.ok ? Object.entries(state.fieldErrors ?? {}).filter(([name]) => !view.touched[name]) : [];
  const errors: FieldErrors<Input> = fromServer.length
    ? ({
        ...Object.fromEntries(fromServer.map(([name, message]) => [name, { type: "server", message }])),
        ...view.errors,
      } as FieldErrors<Input>)
    : view.errors;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    void form.validate().then((valid) => {
      if (valid) startTransition(() => formAction(new FormData(element)));
    });
  };

  return { form: form as LazyForm<Input, Output>, errors, state, formAction, pending, onSubmit, formRef };
}
