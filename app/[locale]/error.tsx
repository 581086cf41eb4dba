"use client";

import { lazy, Suspense } from "react";

// The error boundary of every page is part of every first visit, while its
// body (texts, alert, retry) is needed only once a render has failed: it is
// fetched then (issue 36: the first visit's weight).
const PageError = lazy(() => import("@/components/page-error"));

export default function PageErrorBoundary(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Suspense fallback={null}>
      <PageError {...props} />
    </Suspense>
  );
}
