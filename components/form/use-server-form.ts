"use client";

import { standardSchemaResolver } from "@hookform/resolvers/standard-schema";
import { startTransition, useActionState, useEffect, useRef } from "react";
import { useForm, type FieldErrors, type FieldValues, type Path, type Resolver } from "react-hook-form";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { FormResult } from "@/lib/validation/form-result";

type Action = (previous: FormResult | null, formData: FormData) => Promise<FormResult>;

/** The form's shared zod schema, imported when first needed: `() => import("@/lib/validation/…").then((m) => m.schema)`. */
export type SchemaLoader<Input, Output> = () => Promise<StandardSchemaV1<Input, Output>>;

// One resolver per loader (callers keep theirs stable: module-level, or
// useCallback on what the schema is built from), loaded once.
const resolvers = new WeakMap<SchemaLoader<never, never>, Promise<Resolver<never, unknown, never>>>();

function resolverFor<Input extends FieldValues, Output>(load: SchemaLoader<Input, Output>): Promise<Resolver<Input, unknown, Output>> {
  const key = load as unknown as SchemaLoader<never, never>;
  let resolver = resolvers.get(key);
  if (!resolver) {
    resolver = load().then((schema) => standardSchemaResolver(schema)) as unknown as Promise<Resolver<never, unknown, never>>;
    resolvers.set(key, resolver);
  }
  return resolver as unknown as Promise<Resolver<Input, unknown, Output>>;
}

/**
 * react-hook-form on top of a server action. Without JavaScript the form
 * posts to the action directly; with it, the shared zod schema checks first,
 * then the same action runs, and its field errors land on the fields.
 *
 * The schema (zod and the rules, about 16 kB gzipped) is not part of the
 * page's first load: it is fetched when the visitor first focuses or
 * touches anything, well before the first check (on leaving a field, or on
 * submit), which waits for it if it must.
 */
export function useServerForm<Input extends FieldValues, Output = Input>(loadSchema: SchemaLoader<Input, Output>, action: Action) {
  const [state, formAction, pending] = useActionState(action, null);
  // The resolver always takes the loader of the latest render (RHF keeps the
  // options it was last given): a schema built from the strength estimator,
  // once its dictionaries are in, gets a resolver of its own.
  const ensureResolver = () => resolverFor(loadSchema);
  // No defaultValues: react-hook-form would write them into the inputs when
  // it attaches, wiping what a quick user typed before the page hydrated.
  // Without them it adopts whatever the inputs already hold.
  const form = useForm<Input, unknown, Output>({
    resolver: async (values, context, options) => (await ensureResolver())(values, context, options),
    mode: "onTouched",
  });
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const preload = () => void resolverFor(loadSchema);
    document.addEventListener("focusin", preload, { once: true });
    document.addEventListener("pointerdown", preload, { once: true });
    return () => {
      document.removeEventListener("focusin", preload);
      document.removeEventListener("pointerdown", preload);
    };
  }, [loadSchema]);

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
  const touched = form.formState.touchedFields as Record<string, unknown>;
  const fromServer = state && !state.ok ? Object.entries(state.fieldErrors ?? {}).filter(([name]) => !touched[name]) : [];
  const errors: FieldErrors<Input> = fromServer.length
    ? ({
        ...Object.fromEntries(fromServer.map(([name, message]) => [name, { type: "server", message }])),
        ...form.formState.errors,
      } as FieldErrors<Input>)
    : form.formState.errors;

  const onSubmit = form.handleSubmit((_values, event) => {
    const element = event?.target;
    if (!(element instanceof HTMLFormElement)) return;
    const data = new FormData(element);
    startTransition(() => formAction(data));
  });

  return { form, errors, state, formAction, pending, onSubmit, formRef };
}
