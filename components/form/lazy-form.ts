import type { ChangeEvent, FocusEvent } from "react";
import type { FieldError, FieldErrors, FieldValues, Path } from "react-hook-form";
import type { SchemaLoader, ServerFormControl } from "./form-control";

export type { SchemaLoader } from "./form-control";

type Control<Values extends FieldValues, Output> = ServerFormControl<Values, Output>;
type Input = HTMLInputElement | HTMLTextAreaElement;

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
 * are (ServerFormControl.adopt), and from then on every event goes through
 * it. A form sent before then waits for it. Only what runs before that is
 * here, in the page's first load.
 */
export class LazyForm<Values extends FieldValues, Output> implements ServerFormFields<Values> {
  view: FormView<Values> = { errors: {}, touched: {}, values: {} };
  private schema: SchemaLoader<Values, Output>;
  private control: Control<Values, Output> | undefined;
  private loading: Promise<Control<Values, Output>> | undefined;
  private readonly elements = new Map<string, Input>();
  private readonly registrations = new Map<string, FieldRegistration>();
  private readonly leftEarly = new Set<string>();
  private readonly watched = new Set<string>();
  private readonly listeners = new Set<() => void>();

  constructor(schema: SchemaLoader<Values, Output>) {
    this.schema = schema;
  }

  /** The checks always take the latest loader: a schema built from the strength estimator, once it is in, gets its own. */
  setSchema(schema: SchemaLoader<Values, Output>) {
    this.schema = schema;
  }

  /** Fetches react-hook-form, and the schema beside it, once; resolves with the control that now runs the form. */
  load = (): Promise<Control<Values, Output>> => {
    // The schema's chunk is fetched beside react-hook-form's, once; the control builds its resolver from it.
    if (!this.loading) void this.schema().catch(() => undefined);
    this.loading ??= import("./form-control").then(
      ({ ServerFormControl }) => {
        const control = new ServerFormControl<Values, Output>(() => this.schema);
        this.control = control;
        // In the order the fields render, so that a failed submit focuses the first one in error.
        control.adopt({
          names: [...this.registrations.keys()],
          elements: this.elements,
          errors: this.view.errors,
          leftEarly: this.leftEarly,
          publish: (view) => this.publish(view),
        });
        this.leftEarly.clear();
        return control;
      },
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  };

  /** Runs the checks of a submit (focusing the first field in error); true when the form may be sent. */
  async validate(): Promise<boolean> {
    try {
      return await (await this.load()).validate();
    } catch {
      // react-hook-form could not be fetched: the server checks everything anyway.
      return true;
    }
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
          if (this.control) void this.control.field(name).onChange(event);
        },
        onBlur: (event) => {
          if (this.control) void this.control.field(name).onBlur(event);
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
    if (this.control) return this.control.getValues(name);
    return this.elements.get(name)?.value ?? "";
  }

  setValue(name: Path<Values>, value: string) {
    if (this.control) this.control.setValue(name, value);
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

  private attach(name: string, element: Input | null) {
    if (element) {
      this.elements.set(name, element);
      if (this.control) this.control.field(name).ref(element);
      // A value the browser restored or the user typed before the page hydrated.
      this.noteValue(name, element.value);
    } else {
      this.elements.delete(name);
      this.control?.detach(name);
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
