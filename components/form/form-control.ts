import { standardSchemaResolver } from "@hookform/resolvers/standard-schema";
import {
  createFormControl,
  type FieldErrors,
  type FieldValues,
  type Path,
  type Resolver,
  type UseFormRegisterReturn,
} from "react-hook-form";
import type { StandardSchemaV1 } from "@standard-schema/spec";

// react-hook-form (about 13 kB gzipped), its resolver, and what takes over a
// form from LazyForm: fetched when the visitor first touches a form, so
// nothing here is in a page's first load.

/** The form's shared zod schema, imported when first needed: `() => import("@/lib/validation/…").then((m) => m.schema)`. */
export type SchemaLoader<Input, Output> = () => Promise<StandardSchemaV1<Input, Output>>;

type Input = HTMLInputElement | HTMLTextAreaElement;

/** What LazyForm hands over: its fields in the order they render, what it showed, and the fields left before the control came. */
export type Handover<Values extends FieldValues> = {
  names: string[];
  elements: Map<string, Input>;
  errors: FieldErrors<Values>;
  leftEarly: Iterable<string>;
  publish(view: { errors: FieldErrors<Values>; touched: Partial<Record<string, boolean>> }): void;
};

// One resolver per loader (callers keep theirs stable: module-level, or
// useCallback on what the schema is built from), loaded once.
const resolvers = new WeakMap<SchemaLoader<never, never>, Promise<Resolver<never, unknown, never>>>();

function resolverFor<Values extends FieldValues, Output>(load: SchemaLoader<Values, Output>): Promise<Resolver<Values, unknown, Output>> {
  const key = load as unknown as SchemaLoader<never, never>;
  let resolver = resolvers.get(key);
  if (!resolver) {
    resolver = load().then((schema) => standardSchemaResolver(schema)) as unknown as Promise<Resolver<never, unknown, never>>;
    resolvers.set(key, resolver);
  }
  return resolver as unknown as Promise<Resolver<Values, unknown, Output>>;
}

/** A form's react-hook-form control, outside any hook, checking with the schema that `schema()` names at the time. */
export class ServerFormControl<Values extends FieldValues, Output> {
  private readonly control: ReturnType<typeof createFormControl<Values, unknown, Output>>;
  private readonly fields = new Map<string, UseFormRegisterReturn>();

  constructor(schema: () => SchemaLoader<Values, Output>) {
    this.control = createFormControl<Values, unknown, Output>({
      resolver: async (values, context, options) => (await resolverFor(schema()))(values, context, options),
      mode: "onTouched",
    });
  }

  field(name: string): UseFormRegisterReturn {
    let registration = this.fields.get(name);
    if (!registration) {
      registration = this.control.register(name as Path<Values>);
      this.fields.set(name, registration);
    }
    return registration;
  }

  /** An input that left the page: react-hook-form forgets its element, if it had it. */
  detach(name: string) {
    this.fields.get(name)?.ref(null);
  }

  /**
   * Adopts the inputs as they are (no default values: nothing typed is
   * wiped), the errors shown so far, and replays the fields left in the
   * meantime (mode "onTouched" checks a field when it is left).
   */
  adopt({ names, elements, errors, leftEarly, publish }: Handover<Values>) {
    for (const name of names) {
      const element = elements.get(name);
      if (element) this.field(name).ref(element);
    }
    this.control.subscribe({
      formState: { errors: true, touchedFields: true },
      callback: ({ errors, touchedFields }) =>
        publish({ errors: { ...errors } as FieldErrors<Values>, touched: { ...(touchedFields as Record<string, boolean>) } }),
    });
    for (const [name, error] of Object.entries(errors)) {
      if (error?.message) this.setError(name, { type: String(error.type), message: String(error.message) });
    }
    for (const name of leftEarly) {
      const element = elements.get(name);
      if (element) void this.field(name).onBlur({ target: element, type: "blur" });
    }
  }

  /** Runs the checks of a submit (focusing the first field in error); true when the form may be sent. */
  async validate(): Promise<boolean> {
    let valid = false;
    try {
      await this.control.handleSubmit(() => {
        valid = true;
      })();
    } catch {
      // The schema could not be fetched: the server checks everything anyway.
      return true;
    }
    return valid;
  }

  getValues(name: string): string {
    return String(this.control.getValues(name as Path<Values>) ?? "");
  }

  setValue(name: string, value: string) {
    this.control.setValue(name as Path<Values>, value as never);
  }

  setError(name: string, error: { type: string; message: string }) {
    this.control.setError(name as Path<Values>, error);
  }
}
