"use client";

import { useRouter } from "next/navigation";
import type { ComponentPropsWithRef, MouseEvent } from "react";

type AppLinkProps = Omit<ComponentPropsWithRef<"a">, "href"> & { href: string };

/**
 * A link within the app: a plain <a> (it works before and without
 * JavaScript) that the router follows without a full page load, and
 * prefetches when pointed at or focused. next/link would add about 4 kB
 * gzipped to every first visit (prefetching whatever scrolls into view, URL
 * objects) for links most first visitors never follow.
 */
export function AppLink({ href, onClick, ...props }: AppLinkProps) {
  const router = useRouter();
  const prefetch = () => router.prefetch(href);
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    // A new tab or window, a download, or a handler that took over: the browser's own.
    const modified = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0;
    if (event.defaultPrevented || modified || props.target || props.download !== undefined) return;
    event.preventDefault();
    router.push(href);
  };
  return <a href={href} onClick={follow} onPointerEnter={prefetch} onFocus={prefetch} {...props} />;
}
