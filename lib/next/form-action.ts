import "server-only";
import type * as z from "zod/mini";
import { currentUser, type CurrentUser } from "./current-user";
import type { ErrorCode } from "@/lib/validation/errors";
import { fieldErrorsOf, formValues, type FormResult, type MessageKey } from "@/lib/validation/form-result";
import { orWhenUnavailable } from "@/lib/request/unavailable";

// Every server action is a public endpoint: whoever posts may send anything,
// signed in or not, while the database is up or not. An action declares what
// it accepts (its input's schema, whether it needs a signed-in user) and this
// module checks it before the handler runs, the way Better Auth's
// createAuthEndpoint(path, { body, use }, handler) does:
//
//   export const renameAction = formAction({ input: renameSchema, user: "required" }, async ({ input, user }) => …);
//
// The handler gets typed input and never sees a refused request.

/** How a request is refused before its handler runs; every action's result type includes it. */
export type Refusal = { ok: false; fieldErrors?: Record<string, MessageKey>; formError?: ErrorCode };

/** A form posted by someone signed out (a session that ended in another tab, or a forged post). */
export const signedOut: Refusal = { ok: false, formError: "unexpected" };

/** The answer while the database cannot be reached: "try again in a moment", nothing written. */
export const unavailable: Refusal = { ok: false, formError: "unavailable" };

type Schema = z.ZodMiniType;

export type ActionDeclaration<S extends Schema | undefined = undefined, U extends UserNeed | undefined = undefined> = {
  /** The input's schema; without one, the handler gets the argument as sent (lib/ checks it). */
  input?: S;
  /**
   * "required": someone signed out is refused before the input is read;
   * "optional": the handler is told who is signed in, if anyone.
   */
  user?: U;
};

type UserNeed = "required" | "optional";

export type ActionContext<S extends Schema | undefined, U extends UserNeed | undefined> = {
  input: S extends Schema ? z.output<S> : unknown;
  user: U extends "required" ? CurrentUser : U extends "optional" ? CurrentUser | null : undefined;
};

type Handler<S extends Schema | undefined, U extends UserNeed | undefined, R> = (context: ActionContext<S, U>) => Promise<R>;

/** The checks, in order: the user a declaration requires, then the input; the handler runs only on what passed. */
async function checked<S extends Schema | undefined, U extends UserNeed | undefined, R>(
  declaration: ActionDeclaration<S, U>,
  argument: unknown,
  handler: Handler<S, U, R>,
): Promise<R | Refusal> {
  let user: CurrentUser | null | undefined;
  if (declaration.user === "required") {
    user = await currentUser();
    if (!user) return signedOut;
  }
  let input: unknown = argument;
  if (declaration.input) {
    const parsed = declaration.input.safeParse(argument);
    if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
    input = parsed.data;
  }
  // Asked after the input passed, so a form that cannot be valid costs no session lookup.
  if (declaration.user === "optional") user = await currentUser();
  return handler({ input, user } as ActionContext<S, U>);
}

/**
 * A form's server action, as useActionState calls it (previous state, form
 * data): the form's fields are the input. A database outage is answered by
 * the form's translated "service unavailable" error rather than an error page.
 *
 * The one-argument form hands the raw form data to the action: the emailed
 * links' buttons, whose only field is the token that lib/ checks.
 */
export function formAction(action: (formData: FormData) => Promise<FormResult>): FormActionFn;
export function formAction<S extends Schema | undefined = undefined, U extends UserNeed | undefined = undefined>(
  declaration: ActionDeclaration<S, U>,
  handler: Handler<S, U, FormResult>,
): FormActionFn;
export function formAction(
  first: ((formData: FormData) => Promise<FormResult>) | ActionDeclaration<Schema | undefined, UserNeed | undefined>,
  handler?: Handler<Schema | undefined, UserNeed | undefined, FormResult>,
): FormActionFn {
  const run = typeof first === "function" ? first : (formData: FormData) => checked(first, formValues(formData), handler!);
  return async (_previous, formData) =>
    orWhenUnavailable(
      () => run(formData),
      () => unavailable,
    );
}

type FormActionFn = (previous: FormResult | null, formData: FormData) => Promise<FormResult>;

/**
 * An action a client component calls with a value (the passkey ceremonies):
 * the same checks and the same outage answer as a form's.
 */
export function callAction<R extends { ok: boolean }, S extends Schema | undefined = undefined, U extends UserNeed | undefined = undefined>(
  declaration: ActionDeclaration<S, U>,
  handler: Handler<S, U, R>,
): (argument?: unknown) => Promise<R | Refusal> {
  return async (argument) =>
    orWhenUnavailable<R | Refusal>(
      () => checked(declaration, argument, handler),
      () => unavailable,
    );
}

/**
 * A plain form post without a state to show (delete, forget, sign out
 * everywhere): it answers with a redirect or by revalidating the page. A
 * refused post changes nothing and renders the page again. An outage is
 * left to the error page: the page it would redirect to cannot render either.
 */
export function postAction<S extends Schema | undefined = undefined, U extends UserNeed | undefined = undefined>(
  declaration: ActionDeclaration<S, U>,
  handler: Handler<S, U, void>,
): (formData: FormData) => Promise<void> {
  return async (formData) => {
    await checked(declaration, formValues(formData), handler);
  };
}
