"use client";

import { lazy } from "react";

/**
 * EmailStatusLine, fetched when a request has been sent rather than with the
 * page (its poll and its correction form are no use before). No Suspense
 * boundary of its own: the server renders the line into the page (a browser
 * without JavaScript gets no empty fallback), and in the browser the action's
 * transition keeps the form on screen until the line is in.
 */
export const LazyEmailStatusLine = lazy(() => import("./email-status-line").then((module) => ({ default: module.EmailStatusLine })));
