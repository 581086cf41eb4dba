"use client";

import { standardSchemaResolver } from "@hookform/resolvers/standard-schema";
import { startTransition, useActionState, useEffect, useRef } from "react";
import { useForm, type FieldErrors, type FieldValues, type Path } from "react-hook-form";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { FormResult } from "@/lib/validation/form-result";

type Action = (previous: FormResult | null, formData: FormData) => Promise<FormResult>;

/**
 * react-hook-form on top of a server action. Without JavaScript the form
 * posts to the action directly; with it, the shared zod schema checks first,
 * then the same action runs, and its field errors land on the fields.
 */
export function useServerForm<Input extends FieldValues, Output = Input>(schema: StandardSchemaV1<Input, Output>, action: Action) {
  const [state, formAction, pending] = useActionState(action, null);
  // No defaultValues: react-hook-form would write them into the inputs when
  // it attaches, wiping what a quick user typed before the page hydrated.
  // Without them it adopts whatever the inputs already hold.
  const form = useForm<Input, unknown, Output>({ resolver: standardSchemaResolver(schema), mode: "onTouched" });
  const formRef = useRef<HTMLFormElement>(null);

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
