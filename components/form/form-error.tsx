"use client";

import { lazy } from "react";

/**
 * A form-level refusal, with what the user can do about it (form-error-alert.tsx),
 * fetched when a form's answer first carries one: no first visit runs it. No
 * Suspense boundary of its own, as LazyEmailStatusLine: the server renders it
 * into the page (a browser without JavaScript, a link with `?code=`), and in
 * the browser the action's transition keeps the form as it was until it is in.
 */
export const FormError = lazy(() => import("./form-error-alert").then((module) => ({ default: module.FormErrorAlert })));
