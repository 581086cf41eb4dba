import { standardSchemaResolver } from "@hookform/resolvers/standard-schema";
import { createFormControl, type FieldValues, type Resolver } from "react-hook-form";
import type { StandardSchemaV1 } from "@standard-schema/spec";

// react-hook-form (about 13 kB gzipped) and its resolver, fetched by
// useServerForm when the visitor first touches a form: nothing here is in
// a page's first load.

/** A form's react-hook-form control, outside any hook: it adopts the inputs that are already on the page. */
export function createServerFormControl<Input extends FieldValues, Output>(resolver: Resolver<Input, unknown, Output>) {
  return createFormControl<Input, unknown, Output>({ resolver, mode: "onTouched" });
}

export type ServerFormControl<Input extends FieldValues, Output> = ReturnType<typeof createServerFormControl<Input, Output>>;

export function resolverOf<Input extends FieldValues, Output>(schema: StandardSchemaV1<Input, Output>): Resolver<Input, unknown, Output> {
  return standardSchemaResolver(schema);
}
