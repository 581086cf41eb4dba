import type { ChangeEvent, FocusEvent } from "react";
import type { FieldError, FieldErrors, FieldValues, Path, Resolver, UseFormRegisterReturn } from "react-hook-form";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { ServerFormControl } from "./form-control";

type Control<Values extends FieldValues, Output> = ServerFormControl<Values, Output>;
type Input = HTMLInputElement | HTMLTextAreaElement;

/** The form's shared zod schema, imported when first needed: `() => import("@/lib/validation/…").then((m) => m.schema)`. */
export type SchemaLoader<Input, Output> = () => Promise<StandardSchemaV1<Input, Output>>;

/** What a field spreads onto its input: `{...form.register("email")}`. */
export type FieldRegistration<Name extends string = string> = {
  name: Name;
  ref: (element: Input | null) => void;
  onChange: (event: ChangeEvent<Input>) => void;
  onBlur: (event: FocusEvent<Input>) => void;
};

/** What renders: the checks' errors, the fields left at least once, and the watched values. */
export type FormView<Values extends FieldValues> = {
  errors: FieldErrors<Values>;
  touched: Partial<Record<string, boolean>>;
  values: Partial<Record<string, string>>;
};

/** The part of a form its fields use (the forms' components and NewPasswordFields). */
export type ServerFormFields<Values extends FieldValues> = {
  register<Name extends Path<Values>>(name: Name): FieldRegistration<Name>;
  watch(name: Path<Values>): string;
  watch(names: Path<Values>[]): string[];
  getValues(name: Path<Values>): string;
  setValue(name: Path<Values>, value: string): void;
  setError(name: Path<Values>, error: { type: string; message: string }): void;
  setFocus(name: Path<Values>): void;
};

// One resolver per loader (callers keep theirs stable: module-level, or
// useCallback on what the schema is built from), loaded once.
const resolvers = new WeakMap<SchemaLoader<never, never>, Promise<Resolver<never, unknown, never>>>();

function resolverFor<Values extends FieldValues, Output>(load: SchemaLoader<Values, Output>): Promise<Resolver<Values, unknown, Output>> {
  const key = load as unknown as SchemaLoader<never, never>;
  let resolver = resolvers.get(key);
  if (!resolver) {
    resolver = Promise.all([import("./form-control"), load()]).then(([module, schema]) => module.resolverOf(schema)) as unknown as Promise<
      Resolver<never, unknown, never>
    >;
    resolvers.set(key, resolver);
  }
  return resolver as unknown as Promise<Resolver<Values, unknown, Output>>;
}

const sameErrors = (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const keys = Object.keys(a);
  const text = (error: unknown) => {
    const { type, message } = (error ?? {}) as Partial<FieldError>;
    return `${type}:${message}`;
  };
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && text(a[key]) === text(b[key]));
};

const sameFlags = (a: Partial<Record<string, boolean>>, b: Partial<Record<string, boolean>>) => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
};

/**
 * A form whose fields work at once and whose react-hook-form control is
 * fetched on the first sign of use (`load`): the inputs are plain, filled by
 * the browser or the user; when the control arrives it adopts them as they
 * are (no default values: nothing typed is wiped), replays the fields left
 * in the meantime (mode "onTouched" checks a field when it is left), and from
 * then on every event goes through it. A form sent before then waits for it.
 */
export class LazyForm<Values extends FieldValues, Output> implements ServerFormFields<Values> {
  view: FormView<Values> = { errors: {}, touched: {}, values: {} };
  private schema: SchemaLoader<Values, Output>;
  private control: Control<Values, Output> | undefined;
  private loading: Promise<Control<Values, Output>> | undefined;
  private readonly elements = new Map<string, Input>();
  private readonly registrations = new Map<string, FieldRegistration>();
  private readonly controlled = new Map<string, UseFormRegisterReturn>();
  private readonly leftEarly = new Set<string>();
  private readonly watched = new Set<string>();
  private readonly listeners = new Set<() => void>();

  constructor(schema: SchemaLoader<Values, Output>) {
    this.schema = schema;
  }

  /** The resolver always takes the latest loader: a schema built from the strength estimator, once it is in, gets its own. */
  setSchema(schema: SchemaLoader<Values, Output>) {
    this.schema = schema;
  }

  /** Fetches the schema and react-hook-form, once; resolves with the control that now runs the form. */
  load = (): Promise<Control<Values, Output>> => {
    void resolverFor(this.schema).catch(() => undefined);
    this.loading ??= import("./form-control").then(
      ({ createServerFormControl }) => this.adopt(createServerFormControl<Values, Output>(this.resolve)),
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  };

  /** Runs the checks of a submit (focusing the first field in error); true when the form may be sent. */
  async validate(): Promise<boolean> {
    let control;
    try {
      control = await this.load();
    } catch {
      // react-hook-form could not be fetched: the server checks everything anyway.
      return true;
    }
    let valid = false;
    try {
      await control.handleSubmit(() => {
        valid = true;
      })();
    } catch {
      // The schema could not be fetched: the same.
      return true;
    }
    return valid;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getView = () => this.view;

  register<Name extends Path<Values>>(name: Name): FieldRegistration<Name> {
    let registration = this.registrations.get(name);
    if (!registration) {
      registration = {
        name,
        ref: (element) => this.attach(name, element),
        onChange: (event) => {
          this.noteValue(name, event.target.value);
          if (this.control) void this.controlledOf(name).onChange(event);
        },
        onBlur: (event) => {
          if (this.control) void this.controlledOf(name).onBlur(event);
          else {
            this.leftEarly.add(name);
            void this.load().catch(() => undefined);
          }
        },
      };
      this.registrations.set(name, registration);
    }
    return registration as FieldRegistration<Name>;
  }

  watch(name: Path<Values>): string;
  watch(names: Path<Values>[]): string[];
  watch(names: Path<Values> | Path<Values>[]): string | string[] {
    const list = Array.isArray(names) ? names : [names];
    for (const name of list) this.watched.add(name);
    const values = list.map((name) => this.view.values[name] ?? "");
    return Array.isArray(names) ? values : values[0]!;
  }

  getValues(name: Path<Values>): string {
    if (this.control) return String(this.control.getValues(name) ?? "");
    return this.elements.get(name)?.value ?? "";
  }

  setValue(name: Path<Values>, value: string) {
    if (this.control) this.control.setValue(name, value as never);
    else {
      const element = this.elements.get(name);
      if (element) element.value = value;
    }
    this.noteValue(name, value);
  }

  setError(name: Path<Values>, error: { type: string; message: string }) {
    if (this.control) this.control.setError(name, error);
    else this.publish({ errors: { ...this.view.errors, [name]: error } as FieldErrors<Values> });
  }

  setFocus(name: Path<Values>) {
    this.elements.get(name)?.focus();
  }

  private resolve: Resolver<Values, unknown, Output> = async (values, context, options) =>
    (await resolverFor(this.schema))(values, context, options);

  private controlledOf(name: string) {
    let registration = this.controlled.get(name);
    if (!registration) {
      registration = this.control!.register(name as Path<Values>);
      this.controlled.set(name, registration);
    }
    return registration;
  }

  private adopt(control: Control<Values, Output>) {
    this.control = control;
    // In the order the fields render, so that a failed submit focuses the first one in error.
    for (const name of this.registrations.keys()) {
      const element = this.elements.get(name);
      if (element) this.controlledOf(name).ref(element);
    }
    control.subscribe({
      formState: { errors: true, touchedFields: true },
      callback: ({ errors, touchedFields }) =>
        this.publish({ errors: { ...errors } as FieldErrors<Values>, touched: { ...(touchedFields as Record<string, boolean>) } }),
    });
    for (const [name, error] of Object.entries(this.view.errors)) {
      if (error?.message) control.setError(name as Path<Values>, { type: String(error.type), message: String(error.message) });
    }
    for (const name of this.leftEarly) {
      const element = this.elements.get(name);
      if (element) void this.controlledOf(name).onBlur({ target: element, type: "blur" });
    }
    this.leftEarly.clear();
    return control;
  }

  private attach(name: string, element: Input | null) {
    if (element) {
      this.elements.set(name, element);
      if (this.control) this.controlledOf(name).ref(element);
      // A value the browser restored or the user typed before the page hydrated.
      this.noteValue(name, element.value);
    } else {
      this.elements.delete(name);
      this.controlled.get(name)?.ref(null);
    }
  }

  private noteValue(name: string, value: string) {
    if (!this.watched.has(name) || this.view.values[name] === value) return;
    this.publish({ values: { ...this.view.values, [name]: value } });
  }

  private publish(next: Partial<FormView<Values>>) {
    const errors = next.errors && !sameErrors(next.errors, this.view.errors) ? next.errors : this.view.errors;
    const touched = next.touched && !sameFlags(next.touched, this.view.touched) ? next.touched : this.view.touched;
    const values = next.values ?? this.view.values;
    if (errors === this.view.errors && touched === this.view.touched && values === this.view.values) return;
    this.view = { errors, touched, values };
    for (const listener of this.listeners) listener();
  }
}
