// Work promised to a request that already has its answer (an email queued
// after the response, see lib/next/request-context.ts). A stopping server
// waits for it before it closes the database, so that no promise made to a
// request is dropped. Kept apart from lib/next/request-context.ts, which the
// start-up hook must not load (it pulls in Next's request APIs).

const globalForDeferred = globalThis as unknown as { sesameDeferred?: Set<Promise<void>> };
const deferred = (globalForDeferred.sesameDeferred ??= new Set());

/** Counts work from now until the returned function is called. */
export function trackDeferredWork(): () => void {
  let settle = () => {};
  const settled = new Promise<void>((resolve) => (settle = resolve));
  deferred.add(settled);
  return () => {
    deferred.delete(settled);
    settle();
  };
}

/** Resolves once every piece of work promised after a response so far has run. */
export async function settleDeferredWork(): Promise<void> {
  await Promise.all([...deferred]);
}
